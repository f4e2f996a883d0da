// Test-only: runs the engine worker from its TypeScript source (the app runs the bundled one).
require('tsx/cjs/api').register()
require('./worker.ts')
