import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // index: the Electron main process; cli: the headless entry run by bin/sieve under plain Node.
        input: {
          index: resolve('src/main/app/index.ts'),
          cli: resolve('src/main/cli/index.ts')
        }
      }
    }
  },
  preload: {
    // A sandboxed preload cannot require packages: bundle everything it uses.
    build: { externalizeDeps: false }
  },
  renderer: {
    resolve: {
      alias: { '@renderer': resolve('src/renderer/src') }
    },
    plugins: [react()]
  }
})
