import { tableFromIPC } from 'apache-arrow'
import { SieveError, type ApiErrorShape } from '../../../shared/errors'
import { api } from '../api/client'
import { useStore } from '.'
import { uploadProgress } from './upload-progress'

/** Only the newest open request may change the dataset view; older answers are dropped. */
let openSequence = 0

function asApiError(err: unknown): ApiErrorShape {
  if (err instanceof SieveError) return err.toJSON()
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) }
}

export async function loadAppInfo(): Promise<void> {
  try {
    const info = await api.getAppInfo({})
    useStore.setState({ info, backendError: null })
  } catch (err) {
    useStore.setState({ backendError: asApiError(err).message })
  }
}

const PARQUET = /\.(parquet|pq)$/i

/** Opens what a path holds: a Parquet file in the inspector, a work directory as its job, anything else as a dataset. */
export async function openPath(path: string, options: { label?: string; isSample?: boolean } = {}): Promise<void> {
  if (PARQUET.test(path)) {
    await openParquet(path)
    return
  }
  try {
    const summary = await api.openJob({ workDir: path })
    closeInspector()
    closeRun()
    useStore.setState({ job: { status: 'ready', summary } })
  } catch {
    await openDataset(path, options)
  }
}

/** A work directory: its job's status and published chunks, each of which opens in the inspector. */
export async function openWorkDir(workDir: string): Promise<void> {
  closeInspector()
  closeRun()
  useStore.setState({ job: { status: 'loading', workDir } })
  try {
    const summary = await api.openJob({ workDir })
    useStore.setState({ job: { status: 'ready', summary } })
  } catch (err) {
    useStore.setState({ job: { status: 'error', workDir, error: asApiError(err) } })
  }
}

export function closeJob(): void {
  useStore.setState({ job: { status: 'closed' } })
}

export function openRun(recipePath: string | null): void {
  closeInspector()
  useStore.setState({ run: { open: true, recipePath }, job: { status: 'closed' } })
}

export function closeRun(): void {
  useStore.setState({ run: { open: false, recipePath: null } })
}

/** A job finished (or the list was asked for): reread what is shown. */
export async function refreshJobs(workDir?: string): Promise<void> {
  const job = useStore.getState().job
  if (job.status === 'ready' && (workDir === undefined || job.summary.workDir === workDir)) await openWorkDir(job.summary.workDir)
}

export async function resumeJob(workDir: string): Promise<void> {
  try {
    await api.resumeJob({ workDir })
    await openWorkDir(workDir)
  } catch (err) {
    useStore.setState({ job: { status: 'error', workDir, error: asApiError(err) } })
  }
}

export async function cancelJob(workDir: string): Promise<void> {
  await api.cancelJob({ workDir })
}

export function closeInspector(): void {
  inspectorSequence++
  useStore.setState({ inspector: { status: 'closed' } })
}

let inspectorSequence = 0

/** The inspector: the footer (schema, row groups, metadata, quick check) at once, then the full check. */
export async function openParquet(path: string): Promise<void> {
  const sequence = ++inspectorSequence
  useStore.setState({ inspector: { status: 'loading', path } })
  try {
    const info = await api.inspectChunk({ path })
    if (sequence !== inspectorSequence) return
    useStore.setState({ inspector: { status: 'ready', path, info, full: { status: 'running' } } })
    if (!info.quick.valid) {
      useStore.setState({ inspector: { status: 'ready', path, info, full: { status: 'done', report: info.quick } } })
      return
    }
    try {
      const report = await api.validateChunk({ path, level: 'full' })
      if (sequence === inspectorSequence) useStore.setState({ inspector: { status: 'ready', path, info, full: { status: 'done', report } } })
    } catch (err) {
      if (sequence === inspectorSequence) useStore.setState({ inspector: { status: 'ready', path, info, full: { status: 'error', error: asApiError(err) } } })
    }
  } catch (err) {
    if (sequence === inspectorSequence) useStore.setState({ inspector: { status: 'error', path, error: asApiError(err) } })
  }
}

export async function openDataset(path: string, options: { label?: string; isSample?: boolean } = {}): Promise<void> {
  closeInspector()
  closeJob()
  closeRun()
  const sequence = ++openSequence
  const label = options.label ?? path
  useStore.setState({ dataset: { status: 'loading', label } })
  try {
    const result = await api.inspectDataset({ path, rows: 100 })
    if (sequence !== openSequence) return
    const { head, ...summary } = result
    useStore.setState({
      dataset: { status: 'ready', label, summary, rows: tableFromIPC(head), isSample: options.isSample ?? false }
    })
  } catch (err) {
    if (sequence !== openSequence) return
    useStore.setState({ dataset: { status: 'error', label, error: asApiError(err) } })
  }
}

/** First run: show the bundled sample so there is something to look at straight away. */
export async function openSampleIfIdle(): Promise<void> {
  const { info, dataset } = useStore.getState()
  if (info === null || dataset.status !== 'empty') return
  await openDataset(info.sampleDataset, { label: 'Sample dataset (GSM8K)', isSample: true })
}

export function showError(label: string, error: ApiErrorShape): void {
  openSequence++
  useStore.setState({ dataset: { status: 'error', label, error } })
}

export async function browse(path?: string): Promise<void> {
  const current = useStore.getState().browser
  useStore.setState({ browser: { ...current, open: true, loading: true, error: null } })
  try {
    const listing = await api.listDirectory(path === undefined ? {} : { path })
    useStore.setState({ browser: { open: true, loading: false, listing, error: null } })
  } catch (err) {
    useStore.setState({ browser: { ...useStore.getState().browser, loading: false, error: asApiError(err).message } })
  }
}

export function closeBrowser(): void {
  useStore.setState({ browser: { ...useStore.getState().browser, open: false } })
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
  const sequence = ++openSequence
  const bytesTotal = items.reduce((n, i) => n + i.file.size, 0)
  const label = items.length === 1 ? items[0]!.relativePath : `${items.length} files`
  useStore.setState({ dataset: { status: 'loading', label } })
  uploadProgress.setState({ active: true, fileName: '', filesDone: 0, filesTotal: items.length, bytesDone: 0, bytesTotal })
  let batch: string | undefined
  let batchDir = ''
  let singlePath = ''
  let bytesDone = 0
  let uploadId: string | undefined
  try {
    for (const [index, item] of items.entries()) {
      uploadProgress.setState({ fileName: item.relativePath })
      const begun = await api.beginUpload({
        name: item.file.name,
        size: item.file.size,
        relativePath: item.relativePath,
        ...(batch !== undefined ? { batch } : {})
      })
      uploadId = begun.uploadId
      batch = begun.batch
      for (let offset = 0; offset < item.file.size; offset += CHUNK_BYTES) {
        const bytes = new Uint8Array(await item.file.slice(offset, offset + CHUNK_BYTES).arrayBuffer())
        await api.writeUploadChunk({ uploadId, offset, bytes })
        bytesDone += bytes.byteLength
        uploadProgress.setState({ bytesDone })
      }
      const finished = await api.finishUpload({ uploadId })
      uploadId = undefined
      batchDir = finished.batchDir
      singlePath = finished.path
      uploadProgress.setState({ filesDone: index + 1 })
    }
  } catch (err) {
    if (uploadId !== undefined) await api.abortUpload({ uploadId }).catch(() => undefined)
    uploadProgress.setState({ active: false })
    if (sequence === openSequence) useStore.setState({ dataset: { status: 'error', label, error: asApiError(err) } })
    return
  }
  uploadProgress.setState({ active: false })
  if (sequence !== openSequence) return
  const topLevel = new Set(items.map((i) => i.relativePath.split('/')[0]))
  const target = items.length === 1 ? singlePath : topLevel.size === 1 ? `${batchDir}/${[...topLevel][0]}` : batchDir
  if (items.length === 1 && PARQUET.test(singlePath)) {
    // The dataset view was showing the upload's progress; the file opens in the inspector instead.
    useStore.setState({ dataset: { status: 'empty' } })
    await openParquet(singlePath)
  } else await openDataset(target, { label })
}
