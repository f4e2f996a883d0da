import { open } from 'node:fs/promises'
import { tableFromIPC } from 'apache-arrow'
import { openParquet } from '../io/parquet-read'
import { fileError } from '../io/fs-errors'

export type FindingCode =
  | 'EMPTY_FILE'
  | 'TRUNCATED'
  | 'MISSING_MAGIC'
  | 'ENCRYPTED'
  | 'FOOTER_CORRUPT'
  | 'PAGE_DECODE_FAILED'
  | 'ROWCOUNT_MISMATCH'
  | 'CHECKSUM_MISMATCH'
  | 'SIZE_MISMATCH'
  | 'UNREADABLE'

export interface Finding {
  code: FindingCode
  message: string
  rowGroup?: number
}

export interface ValidationReport {
  path: string
  valid: boolean
  level: 'quick' | 'full'
  rows?: number
  rowGroups?: number
  findings: Finding[]
}

/**
 * Checks a Parquet file: size, magic at both ends, a footer whose length fits the file and that
 * decodes, and (at `full` level) every row group decoding to the row count its footer declares.
 * Decoders may abort the thread on corrupt data: run this in an engine worker.
 */
export async function validateParquet(path: string, full: boolean): Promise<ValidationReport> {
  const level = full ? 'full' : 'quick'
  const report = (findings: Finding[], extra: Partial<ValidationReport> = {}): ValidationReport => ({
    path,
    valid: findings.length === 0,
    level,
    findings,
    ...extra
  })
  let size: number
  const head = Buffer.alloc(4)
  const tail = Buffer.alloc(8)
  try {
    const handle = await open(path, 'r')
    try {
      size = (await handle.stat()).size
      if (size >= 4) await handle.read(head, 0, 4, 0)
      if (size >= 8) await handle.read(tail, 0, 8, size - 8)
    } finally {
      await handle.close()
    }
  } catch (err) {
    throw fileError(err, path)
  }
  if (size === 0) return report([{ code: 'EMPTY_FILE', message: 'The file is empty (0 bytes): it was never written, or was cut to nothing.' }])
  if (size < 12) return report([{ code: 'TRUNCATED', message: `The file is only ${size} bytes: too short to hold a Parquet header and footer.` }])
  const magicHead = head.toString('latin1')
  const magicTail = tail.subarray(4).toString('latin1')
  if (magicHead === 'PARE' || magicTail === 'PARE') return report([{ code: 'ENCRYPTED', message: 'The file is encrypted Parquet (magic PARE); it cannot be checked without its keys.' }])
  if (magicHead !== 'PAR1') return report([{ code: 'MISSING_MAGIC', message: `The file does not start with PAR1 (it starts with ${JSON.stringify(magicHead)}): it is not Parquet.` }])
  if (magicTail !== 'PAR1') {
    return report([{ code: 'TRUNCATED', message: 'The file does not end with PAR1: its footer is missing, so it was cut short or is still being written.' }])
  }
  const footerLength = tail.readUInt32LE(0)
  if (footerLength === 0 || footerLength > size - 12) {
    return report([{ code: 'FOOTER_CORRUPT', message: `The footer claims ${footerLength} bytes, which does not fit in a ${size}-byte file.` }])
  }
  let file
  try {
    file = await openParquet(path)
  } catch (err) {
    return report([{ code: 'FOOTER_CORRUPT', message: `The footer does not decode: ${(err as Error).message}` }])
  }
  try {
    const meta = file.metadata()
    const declared = meta.fileMetadata().numRows()
    const groups = meta.numRowGroups()
    let sum = 0
    for (let g = 0; g < groups; g++) sum += meta.rowGroup(g).numRows()
    if (sum !== declared) {
      return report([{ code: 'ROWCOUNT_MISMATCH', message: `The footer declares ${declared} rows but its row groups hold ${sum}.` }], { rows: declared, rowGroups: groups })
    }
    if (!full) return report([], { rows: declared, rowGroups: groups })
    const findings: Finding[] = []
    for (let g = 0; g < groups; g++) {
      const expected = meta.rowGroup(g).numRows()
      try {
        const decoded = tableFromIPC((await file.read({ rowGroups: [g] })).intoIPCStream()).numRows
        if (decoded !== expected) {
          findings.push({ code: 'ROWCOUNT_MISMATCH', rowGroup: g, message: `Row group ${g} decodes to ${decoded} rows; its footer says ${expected}.` })
        }
      } catch (err) {
        findings.push({ code: 'PAGE_DECODE_FAILED', rowGroup: g, message: `Row group ${g} does not decode: ${(err as Error).message}` })
      }
    }
    return report(findings, { rows: declared, rowGroups: groups })
  } finally {
    file.free()
  }
}
