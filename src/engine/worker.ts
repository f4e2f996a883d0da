import { parentPort } from 'node:worker_threads'
import { SieveError } from '../shared/errors'
import { inspectDataset } from './inspect'
import { decideDuplicates } from './job/dedup-task'
import { exportResults } from './job/export-task'
import { runPartitionStage } from './job/partition-task'
import { decodeRowGroup } from './parquet/decode-row-group'
import { checkPages } from './parquet/page-check'
import { readParquetPage } from './parquet/read-page'
import { runPreview } from './preview'
import { requestStop } from './stop'
import type { HostMessage, TaskReply, TaskRequest, WorkerMessage } from './worker-protocol'

/** The engine's worker thread: runs tasks sent by `EngineWorker` and replies with bytes moved, not copied. */
if (parentPort === null) throw new Error('worker.ts must run as a worker thread')
const port = parentPort

let running = 0
let stopping = false

// Asked to stop, the thread exits once its tasks have reached a safe point and ended, so no
// file is left mid-close (terminating a thread then aborts the whole process).
function exitIfStopped(): void {
  if (stopping && running === 0) process.exit(0)
}

port.on('message', (message: HostMessage) => {
  if ('stop' in message) {
    stopping = true
    requestStop()
    exitIfStopped()
    return
  }
  const request = message
  running++
  void run(request)
    .then(
      ({ reply, transfer }) => port.postMessage(reply, transfer),
      (err: unknown) => {
        const error =
          err instanceof SieveError ? err.toJSON() : { code: 'INTERNAL' as const, message: err instanceof Error ? err.message : String(err) }
        port.postMessage({ id: request.id, ok: false, error } satisfies TaskReply)
      }
    )
    .finally(() => {
      running--
      exitIfStopped()
    })
})

// Tells the host the thread is up, so a crash later is blamed on a task, not on the start.
port.postMessage({ ready: true } satisfies WorkerMessage)

async function run(request: TaskRequest): Promise<{ reply: TaskReply; transfer: ArrayBuffer[] }> {
  const ok = (output: Extract<TaskReply, { ok: true }>['output']): TaskReply => ({ id: request.id, ok: true, output })
  switch (request.task) {
    case 'inspect': {
      const input = request.input as TaskRequest<'inspect'>['input']
      const output = await inspectDataset(input.path, input.rows)
      // tableToIPC's bytes own their buffer, so it can move to the other thread without a copy.
      return { reply: ok(output), transfer: [output.head.buffer as ArrayBuffer] }
    }
    case 'partition': {
      const input = request.input as TaskRequest<'partition'>['input']
      const output = await runPartitionStage(input, (message) => port.postMessage({ id: request.id, message } satisfies WorkerMessage))
      return { reply: ok(output), transfer: [] }
    }
    case 'dedup':
      return { reply: ok(await decideDuplicates(request.input as TaskRequest<'dedup'>['input'])), transfer: [] }
    case 'export':
      return { reply: ok(await exportResults(request.input as TaskRequest<'export'>['input'])), transfer: [] }
    case 'preview':
      return { reply: ok(await runPreview(request.input as TaskRequest<'preview'>['input'])), transfer: [] }
    case 'readPage': {
      const input = request.input as TaskRequest<'readPage'>['input']
      const page = await readParquetPage(input.path, input.offset, input.limit)
      return { reply: ok(page), transfer: [page.buffer as ArrayBuffer] }
    }
    case 'decodeRowGroup': {
      const input = request.input as TaskRequest<'decodeRowGroup'>['input']
      return { reply: ok(await decodeRowGroup(input.path, input.rowGroup)), transfer: [] }
    }
    case 'checkPages': {
      const input = request.input as TaskRequest<'checkPages'>['input']
      return { reply: ok(await checkPages(input.path, input.rowGroup)), transfer: [] }
    }
  }
}
