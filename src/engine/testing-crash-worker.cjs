// Test-only: a worker that crashes the way a task can, chosen by the task's input path.
const { parentPort } = require('node:worker_threads')

parentPort.postMessage({ ready: true })
parentPort.on('message', (message) => {
  if (message.input.path === 'allocate') {
    const kept = []
    for (;;) kept.push(new Array(1_000_000).fill(kept.length))
  }
  // An uncaught TypeError, as a bug in a stream callback would throw.
  setTimeout(() => null.property, 0)
})
