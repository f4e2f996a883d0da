import type { Table } from 'apache-arrow'
import type { InspectResult } from '../../../../shared/dataset'
import type { ApiErrorShape } from '../../../../shared/errors'

export type DatasetSummary = Omit<InspectResult, 'head'>

export interface ReadyDataset {
  status: 'ready'
  label: string
  summary: DatasetSummary
  rows: Table
  isSample: boolean
}

export interface DatasetSlice {
  dataset:
    | { status: 'empty' }
    /** `kept` is the dataset that was open when this began: it is shown again if this open fails. */
    | { status: 'loading'; label: string; kept?: ReadyDataset }
    | ReadyDataset
    | { status: 'error'; label: string; error: ApiErrorShape }
  /** An open that failed while a dataset stayed open: said above it until another open succeeds or it is dismissed. */
  datasetProblem: { label: string; error: ApiErrorShape } | null
}

/** The slice's state when the window opens. */
export const createDatasetSlice = (): DatasetSlice => ({
  dataset: { status: 'empty' },
  datasetProblem: null
})
