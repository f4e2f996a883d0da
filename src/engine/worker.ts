import { parentPort } from 'node:worker_threads'
import { SieveError } from '../shared/errors'
import { analyzePartition } from './analysis/analyze-task'
import { mergeAnalysis } from './analysis/merge-task'
import { readJobOutcomes } from './analysis/outcomes'
import { inspectDataset } from './inspect'
import { decideDuplicates } from './job/dedup-task'
import { exportResults } from './job/export-task'
import { runPartitionStage } from './job/partition-task'
import { loadCustomOps } from './ops/custom'
import { decodeRowGroup } from './parquet/decode-row-group'
import { checkPages } from './parquet/page-check'
import { readParquetPage } from './parquet/read-page'
import { runPreview } from './preview'
import { requestStop } from './stop'
import type { HostMessage, TaskInput, TaskMessage, TaskName, TaskOutput, TaskReply, TaskRequest, WorkerMessage } from './worker-protocol'

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

interface HandlerResult<K extends TaskName> {
  output: TaskOutput<K>
  /** Buffers that move to the host instead of being copied. */
  transfer?: ArrayBuffer[]
}

type Handlers = { [K in TaskName]: (input: TaskInput<K>, report: (message: TaskMessage<K>) => void) => Promise<HandlerResult<K>> }

const handlers: Handlers = {
  inspect: async (input) => {
    const output = await inspectDataset(input.path, input.rows)
    // tableToIPC's bytes own their buffer, so it can move to the other thread without a copy.
    return { output, transfer: [output.head.buffer as ArrayBuffer] }
  },
  partition: async (input, report) => {
    // Every task of a job's pool is the same recipe's, so its custom operators stay in use throughout.
    await loadCustomOps(input.customOperatorPaths)
    return { output: await runPartitionStage(input, report) }
  },
  analyze: async (input, report) => {
    await loadCustomOps(input.customOperatorPaths)
    return { output: await analyzePartition(input, report) }
  },
  mergeAnalysis: async (input) => ({ output: await mergeAnalysis(input) }),
  outcomes: async (input) => ({ output: await readJobOutcomes(input.workDir) }),
  dedup: async (input) => ({ output: await decideDuplicates(input) }),
  export: async (input) => ({ output: await exportResults(input) }),
  preview: async (input) => ({ output: await runPreview(input) }),
  readPage: async (input) => {
    const page = await readParquetPage(input.path, input.offset, input.limit)
    return { output: page, transfer: [page.buffer as ArrayBuffer] }
  },
  decodeRowGroup: async (input) => ({ output: await decodeRowGroup(input.path, input.rowGroup) }),
  checkPages: async (input) => ({ output: await checkPages(input.path, input.rowGroup) })
}

async function run<K extends TaskName>(request: TaskRequest<K>): Promise<{ reply: TaskReply; transfer: ArrayBuffer[] }> {
  const report = (message: TaskMessage<K>): void => port.postMessage({ id: request.id, message } satisfies WorkerMessage)
  const { output, transfer = [] } = await handlers[request.task](request.input, report)
  return { reply: { id: request.id, ok: true, output }, transfer }
}
