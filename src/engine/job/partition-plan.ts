import type { DatasetFormat } from '../../shared/dataset'
import type { SourceSlice } from '../io/read-slice'

export interface PlannedSlice {
  input: number
  slice: SourceSlice
  rows: number
  bytes: number
}

/**
 * The partitions of a job's inputs, in input order: each file's own slices, except that text
 * documents (one row per file) next to each other share a partition, up to `partitionRows`
 * documents and about `partitionBytes` bytes (a larger document is a partition of its own), so a
 * folder of many small files is not a partition per file. A partition's input is its first document.
 */
export function planPartitions(
  inputs: readonly { path: string; format: DatasetFormat; size: number }[],
  fileSlices: readonly { slice: SourceSlice; rows: number; bytes: number }[][],
  limits: { partitionRows: number; partitionBytes: number }
): PlannedSlice[] {
  const partitions: PlannedSlice[] = []
  let documents: { input: number; files: string[]; bytes: number } | undefined
  const closeDocuments = (): void => {
    if (documents === undefined) return
    partitions.push({
      input: documents.input,
      slice: { kind: 'documents', files: documents.files },
      rows: documents.files.length,
      bytes: documents.bytes
    })
    documents = undefined
  }
  inputs.forEach((input, i) => {
    if (input.format !== 'text') {
      closeDocuments()
      for (const s of fileSlices[i]!) partitions.push({ input: i, ...s })
      return
    }
    if (documents !== undefined && (documents.files.length >= limits.partitionRows || documents.bytes + input.size > limits.partitionBytes)) {
      closeDocuments()
    }
    documents ??= { input: i, files: [], bytes: 0 }
    documents.files.push(input.path)
    documents.bytes += input.size
  })
  closeDocuments()
  return partitions
}
