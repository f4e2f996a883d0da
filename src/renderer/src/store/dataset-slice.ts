import type { StateCreator } from 'zustand'
import type { Table } from 'apache-arrow'
import type { InspectResult } from '../../../shared/dataset'
import type { ApiErrorShape } from '../../../shared/errors'
import type { Store } from '.'

export type DatasetSummary = Omit<InspectResult, 'head'>

export interface DatasetSlice {
  dataset:
    | { status: 'empty' }
    | { status: 'loading'; label: string }
    | { status: 'ready'; label: string; summary: DatasetSummary; rows: Table; isSample: boolean }
    | { status: 'error'; label: string; error: ApiErrorShape }
}

export const createDatasetSlice: StateCreator<Store, [], [], DatasetSlice> = () => ({
  dataset: { status: 'empty' }
})
