import type { ParquetInfo, ValidationReport } from '../../../../shared/parquet'
import type { ApiErrorShape } from '../../../../shared/errors'

export interface InspectorSlice {
  inspector:
    | { status: 'closed' }
    | { status: 'loading'; path: string }
    | { status: 'error'; path: string; error: ApiErrorShape }
    | {
        status: 'ready'
        path: string
        info: ParquetInfo
        /** The full-level check, run after the footer is shown. */
        full: { status: 'running' } | { status: 'done'; report: ValidationReport } | { status: 'error'; error: ApiErrorShape }
      }
}

/** The slice's state when the window opens. */
export const createInspectorSlice = (): InspectorSlice => ({
  inspector: { status: 'closed' }
})
