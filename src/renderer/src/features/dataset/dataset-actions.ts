import { tableFromIPC } from 'apache-arrow'
import type { ApiErrorShape } from '../../../../shared/errors'
import { useStore } from '../../app/store'
import { deps } from '../../app/deps'
import { asApiError } from '../../app/errors'
import { latest } from '../../app/latest'
import { uploadProgress } from './upload-progress'
import { openParquet } from '../inspector/inspector-actions'
import { jobRequests } from '../jobs/job-actions'
import { baseName, isParquetPath } from '../../paths'

/** Only the newest open request may change the dataset view; older answers are dropped. */
const datasetRequests = latest()

/** Opens what a path holds: a Parquet file in the inspector, a work directory as its job, anything else as a dataset. */
export async function openPath(path: string, options: OpenOptions = {}): Promise<void> {
  if (isParquetPath(path)) {
    await openParquet(path)
    return
  }
  try {
    const details = await deps().api.jobDetails({ workDir: path })
    jobRequests.cancel()
    useStore.setState({ job: { status: 'ready', details }, view: 'job', datasetProblem: null })
  } catch (err) {
    const error = asApiError(err)
    // Only a path that is no work directory at all is a dataset; a damaged work directory says what is wrong with it.
    if (error.details?.notWorkDir === true) await openDataset(path, options)
    else {
      jobRequests.cancel()
      useStore.setState({ job: { status: 'error', workDir: path, error }, view: 'job' })
    }
  }
}

interface OpenOptions {
  label?: string
  isSample?: boolean
}

/** Files dropped or picked by path (the desktop app): one opens as what it is; several are one dataset, as a `dataset_path` list. */
export async function openDroppedPaths(paths: readonly string[]): Promise<void> {
  if (paths.length === 1) await openPath(paths[0]!)
  else if (paths.length > 1) await openDataset([...paths], { label: `${paths.length} files: ${paths.map(baseName).join(', ')}` })
}

/** Shows that `label` is being read, keeping the dataset open until then to go back to if it fails. */
function beginOpen(label: string): void {
  const shown = useStore.getState().dataset
  const kept = shown.status === 'ready' ? shown : shown.status === 'loading' ? shown.kept : undefined
  useStore.setState({ dataset: { status: 'loading', label, ...(kept !== undefined ? { kept } : {}) }, view: 'dataset' })
}

/** A failed open: the dataset that was open stays, with the problem said above it; with none open, the problem is the view. */
function openFailed(label: string, error: ApiErrorShape): void {
  const shown = useStore.getState().dataset
  const kept = shown.status === 'ready' ? shown : shown.status === 'loading' ? shown.kept : undefined
  if (kept !== undefined) useStore.setState({ dataset: kept, datasetProblem: { label, error }, view: 'dataset' })
  else useStore.setState({ dataset: { status: 'error', label, error }, datasetProblem: null, view: 'dataset' })
}

export function dismissDatasetProblem(): void {
  useStore.setState({ datasetProblem: null })
}

export async function openDataset(path: string | string[], options: OpenOptions = {}): Promise<void> {
  const request = datasetRequests.begin()
  const label = options.label ?? (typeof path === 'string' ? path : path.join(', '))
  beginOpen(label)
  try {
    const result = await deps().api.inspectDataset({ path, rows: 100 })
    if (!request.current) return
    const { head, ...summary } = result
    useStore.setState({
      dataset: { status: 'ready', label, summary, rows: tableFromIPC(head), isSample: options.isSample ?? false },
      datasetProblem: null
    })
  } catch (err) {
    if (request.current) openFailed(label, asApiError(err))
  }
}

/** First run: show the bundled sample so there is something to look at straight away. */
export async function openSampleIfIdle(): Promise<void> {
  const { info, dataset } = useStore.getState()
  if (info === null || dataset.status !== 'empty') return
  await openDataset(info.sampleDataset, { label: 'Sample dataset (GSM8K)', isSample: true })
}

export function showError(label: string, error: ApiErrorShape): void {
  datasetRequests.cancel()
  openFailed(label, error)
}

const CHUNK_BYTES = 4 << 20

export interface UploadItem {
  file: File
  /** Path inside a dropped folder, e.g. `corpus/part-1.jsonl`; the file name for a single file. */
  relativePath: string
}

/**
 * Streams dropped files to the backend's uploads folder in chunks, then opens what was dropped:
 * the file itself, the dropped folder, or the batch folder holding several items.
 */
export async function uploadAndOpen(items: UploadItem[]): Promise<void> {
  if (items.length === 0) return
  const request = datasetRequests.begin()
  const bytesTotal = items.reduce((n, i) => n + i.file.size, 0)
  const label = items.length === 1 ? items[0]!.relativePath : `${items.length} files`
  beginOpen(label)
  uploadProgress.setState({ active: true, fileName: '', filesDone: 0, filesTotal: items.length, bytesDone: 0, bytesTotal })
  let batch: string | undefined
  let batchDir = ''
  let singlePath = ''
  let bytesDone = 0
  let uploadId: string | undefined
  try {
    for (const [index, item] of items.entries()) {
      uploadProgress.setState({ fileName: item.relativePath })
      const begun = await deps().api.beginUpload({
        name: item.file.name,
        size: item.file.size,
        relativePath: item.relativePath,
        ...(batch !== undefined ? { batch } : {})
      })
      uploadId = begun.uploadId
      batch = begun.batch
      for (let offset = 0; offset < item.file.size; offset += CHUNK_BYTES) {
        const bytes = new Uint8Array(await item.file.slice(offset, offset + CHUNK_BYTES).arrayBuffer())
        await deps().api.writeUploadChunk({ uploadId, offset, bytes })
        bytesDone += bytes.byteLength
        uploadProgress.setState({ bytesDone })
      }
      const finished = await deps().api.finishUpload({ uploadId })
      uploadId = undefined
      batchDir = finished.batchDir
      singlePath = finished.path
      uploadProgress.setState({ filesDone: index + 1 })
    }
  } catch (err) {
    if (uploadId !== undefined)
      await deps()
        .api.abortUpload({ uploadId })
        .catch(() => undefined)
    uploadProgress.setState({ active: false })
    if (request.current) openFailed(label, asApiError(err))
    return
  }
  uploadProgress.setState({ active: false })
  if (!request.current) return
  const topLevel = new Set(items.map((i) => i.relativePath.split('/')[0]))
  const target = items.length === 1 ? singlePath : topLevel.size === 1 ? `${batchDir}/${[...topLevel][0]}` : batchDir
  if (items.length === 1 && isParquetPath(singlePath)) {
    // The dataset view was showing the upload's progress; the file opens in the inspector instead, and the dataset that was open stays.
    const shown = useStore.getState().dataset
    useStore.setState({ dataset: shown.status === 'loading' && shown.kept !== undefined ? shown.kept : { status: 'empty' } })
    await openParquet(singlePath)
  } else await openDataset(target, { label })
}
