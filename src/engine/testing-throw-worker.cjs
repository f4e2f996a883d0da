// Test-only: the engine worker with testing_throw_mapper registered (ops/testing-throw-op.ts).
require('tsx/cjs/api').register()
require('./ops/index.ts')
require('./ops/testing-throw-op.ts')
require('./worker.ts')
