import { parentPort } from 'node:worker_threads'
import { SieveError } from '../shared/errors'
import { inspectDataset } from './inspect'
import type { TaskReply, TaskRequest } from './worker-protocol'

/** The engine's worker thread: runs tasks sent by `EngineWorker` and replies with bytes moved, not copied. */
const port = parentPort
if (port === null) throw new Error('worker.ts must run as a worker thread')

port.on('message', (request: TaskRequest) => {
  void run(request).then(
    ({ reply, transfer }) => port.postMessage(reply, transfer),
    (err: unknown) => {
      const error =
        err instanceof SieveError
          ? err.toJSON()
          : { code: 'INTERNAL' as const, message: `Unexpected failure: ${err instanceof Error ? err.message : String(err)}` }
      port.postMessage({ id: request.id, ok: false, error } satisfies TaskReply)
    }
  )
})

// Tells the host the thread is up, so a crash later is blamed on a task, not on the start.
port.postMessage({ ready: true })

async function run(request: TaskRequest): Promise<{ reply: TaskReply; transfer: ArrayBuffer[] }> {
  switch (request.task) {
    case 'inspect': {
      const output = await inspectDataset(request.input.path, request.input.rows)
      // tableToIPC's bytes own their buffer, so it can move to the other thread without a copy.
      return { reply: { id: request.id, ok: true, output }, transfer: [output.head.buffer as ArrayBuffer] }
    }
  }
}
