// `npm start`: the desktop app when Electron can run here; otherwise the same app in a browser
// through `sieve serve`, with a line saying why.
import { spawn, spawnSync } from 'node:child_process'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const probe = spawnSync(process.execPath, ['-e', "require('electron')"], { cwd: root, encoding: 'utf8' })

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' })
  const forward = (signal) => () => child.kill(signal)
  process.on('SIGINT', forward('SIGINT'))
  process.on('SIGTERM', forward('SIGTERM'))
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)))
}

if (probe.status === 0) {
  run(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'preview'])
} else {
  const reason = (probe.stderr.split('\n').find((l) => l.includes('Error')) ?? 'unknown reason').trim()
  console.log(`Electron cannot start on this machine (${reason}).`)
  console.log('Starting the same app in your browser instead:\n')
  run(process.execPath, [join(root, 'bin', 'sieve'), 'serve', ...process.argv.slice(2)])
}
