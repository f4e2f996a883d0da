import type { Table } from 'apache-arrow'
import type { InspectResult } from '../../../../shared/dataset'
import type { ApiErrorShape } from '../../../../shared/errors'

export type DatasetSummary = Omit<InspectResult, 'head'>

export interface DatasetSlice {
  dataset:
    | { status: 'empty' }
    | { status: 'loading'; label: string }
    | { status: 'ready'; label: string; summary: DatasetSummary; rows: Table; isSample: boolean }
    | { status: 'error'; label: string; error: ApiErrorShape }
}

/** The slice's state when the window opens. */
export const createDatasetSlice = (): DatasetSlice => ({
  dataset: { status: 'empty' }
})
