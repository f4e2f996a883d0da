import { useStore } from '../../app/store'
import { deps } from '../../app/deps'
import { asApiError } from '../../app/errors'
import { latest } from '../../app/latest'

export function closeInspector(): void {
  inspectorRequests.cancel()
  const { view, job } = useStore.getState()
  useStore.setState({ inspector: { status: 'closed' }, ...(view === 'inspector' ? { view: job.status !== 'closed' ? 'job' : 'dataset' } : {}) })
}

const inspectorRequests = latest()

/** The inspector: the footer (schema, row groups, metadata, quick check) at once, then the full check. */
export async function openParquet(path: string): Promise<void> {
  const request = inspectorRequests.begin()
  useStore.setState({ inspector: { status: 'loading', path }, view: 'inspector' })
  try {
    const info = await deps().api.inspectChunk({ path })
    if (!request.current) return
    // A file that opens clears what a failed open said in the dataset view.
    useStore.setState({ inspector: { status: 'ready', path, info, full: { status: 'running' } }, datasetProblem: null })
    if (!info.quick.valid) {
      useStore.setState({ inspector: { status: 'ready', path, info, full: { status: 'done', report: info.quick } } })
      return
    }
    try {
      const report = await deps().api.validateChunk({ path, level: 'full' })
      if (request.current) useStore.setState({ inspector: { status: 'ready', path, info, full: { status: 'done', report } } })
    } catch (err) {
      if (request.current) useStore.setState({ inspector: { status: 'ready', path, info, full: { status: 'error', error: asApiError(err) } } })
    }
  } catch (err) {
    if (request.current) useStore.setState({ inspector: { status: 'error', path, error: asApiError(err) } })
  }
}
