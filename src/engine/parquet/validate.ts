import { open } from 'node:fs/promises'
import { SieveError } from '../../shared/errors'
import type { Finding, FindingCode, ValidationLevel, ValidationReport } from '../../shared/parquet'
import { fileError } from '../io/fs-errors'
import type { EngineWorker } from '../worker-client'
import { decodeFooter, type ParquetFooter } from './footer'
import { checkAgainstManifest } from './manifest-check'
import { ThriftError } from './thrift'

export type { Finding, FindingCode, ValidationLevel, ValidationReport } from '../../shared/parquet'

/** Decoding stops at these declared sizes: a footer claiming more is lying or describes a file no laptop can decode. */
const ABSURD_COLUMN_BYTES = 8 * 2 ** 30
const ABSURD_RATIO = 2000
const MAX_FOOTER_BYTES = 256 << 20

function finding(code: FindingCode, message: string, extra: Partial<Finding> = {}): Finding {
  return { code, message, ...extra }
}

export interface QuickResult {
  findings: Finding[]
  sizeBytes: number
  footer?: ParquetFooter
  /** Row groups whose declared sizes are absurd: they are never decompressed. */
  skipRowGroups: number[]
}

/**
 * Quick level, in the calling thread (no decoder runs): size, magic at both ends, a footer
 * length that fits, a footer that decodes, a schema that makes sense, row counts that add up,
 * column chunks inside the file, declared sizes that are not absurd.
 */
export async function quickCheck(path: string): Promise<QuickResult> {
  let handle
  try {
    handle = await open(path, 'r')
  } catch (err) {
    throw fileError(err, path)
  }
  try {
    const size = (await handle.stat()).size
    const result = (findings: Finding[], footer?: ParquetFooter, skip: number[] = []): QuickResult =>
      footer === undefined ? { findings, sizeBytes: size, skipRowGroups: skip } : { findings, sizeBytes: size, footer, skipRowGroups: skip }
    if (size === 0) return result([finding('EMPTY_FILE', 'The file is empty (0 bytes): it was never written, or was cut to nothing.')])
    if (size < 12) return result([finding('TRUNCATED', `The file is only ${size} bytes: too short to hold a Parquet header and footer.`)])
    const head = Buffer.alloc(4)
    const tail = Buffer.alloc(8)
    await handle.read(head, 0, 4, 0)
    await handle.read(tail, 0, 8, size - 8)
    const headMagic = head.toString('latin1')
    const tailMagic = tail.subarray(4).toString('latin1')
    if (tailMagic === 'PARE' || headMagic === 'PARE') {
      return result([finding('ENCRYPTED', 'The file is encrypted Parquet (magic PARE); it cannot be read without its keys.')])
    }
    if (headMagic !== 'PAR1') {
      return result([finding('MISSING_MAGIC', `The file does not start with PAR1 (it starts with ${JSON.stringify(headMagic)}): it is not Parquet.`)])
    }
    if (tailMagic !== 'PAR1') {
      return result([finding('TRUNCATED', 'The file does not end with PAR1: its footer is missing, so it was cut short or is still being written.')])
    }
    const footerLength = tail.readUInt32LE(0)
    if (footerLength === 0 || footerLength > size - 12 || footerLength > MAX_FOOTER_BYTES) {
      return result([finding('FOOTER_CORRUPT', `The footer claims ${footerLength} bytes, which does not fit in a ${size}-byte file.`)])
    }
    const footerBytes = Buffer.alloc(footerLength)
    await handle.read(footerBytes, 0, footerLength, size - 8 - footerLength)
    let footer: ParquetFooter
    try {
      footer = decodeFooter(footerBytes)
    } catch (err) {
      if (!(err instanceof ThriftError)) throw err
      return result([finding('FOOTER_CORRUPT', `The footer does not decode: ${err.message}.`)])
    }
    if (footer.encrypted) return result([finding('ENCRYPTED', 'The file has encrypted columns; they cannot be checked without their keys.')], footer)
    const findings: Finding[] = []
    const dataEnd = size - 8 - footerLength
    const unknown = footer.rowGroups.flatMap((rg) => rg.columns).find((c) => c.physicalType.startsWith('#'))
    if (footer.leafCount === 0) findings.push(finding('SCHEMA_INVALID', 'The schema has no columns.'))
    else if (unknown !== undefined) {
      findings.push(
        finding('SCHEMA_INVALID', `Column ${unknown.path} has physical type ${unknown.physicalType}, which Parquet does not define.`, {
          column: unknown.path
        })
      )
    }
    const skip: number[] = []
    footer.rowGroups.forEach((rg, g) => {
      if (rg.columns.length !== footer.leafCount) {
        findings.push(
          finding('SCHEMA_INVALID', `Row group ${g} has ${rg.columns.length} column chunks; the schema has ${footer.leafCount} columns.`, {
            rowGroup: g
          })
        )
      }
      for (const c of rg.columns) {
        const start = Math.min(c.dataPageOffset, c.dictionaryPageOffset ?? Infinity)
        if (start < 4 || start + c.compressedBytes > dataEnd || c.compressedBytes < 0) {
          findings.push(
            finding(
              'FOOTER_CORRUPT',
              `Column ${c.path} of row group ${g} points outside the file (bytes ${start}–${start + c.compressedBytes} of ${dataEnd}).`,
              { rowGroup: g, column: c.path }
            )
          )
        }
        if (
          c.uncompressedBytes > ABSURD_COLUMN_BYTES ||
          (c.uncompressedBytes > 256 << 20 && c.uncompressedBytes > ABSURD_RATIO * Math.max(1, c.compressedBytes))
        ) {
          findings.push(
            finding(
              'ABSURD_SIZE',
              `Column ${c.path} of row group ${g} declares ${c.uncompressedBytes} bytes uncompressed from ${c.compressedBytes}; it was not decompressed.`,
              {
                rowGroup: g,
                column: c.path
              }
            )
          )
          if (!skip.includes(g)) skip.push(g)
        }
      }
    })
    const sum = footer.rowGroups.reduce((n, rg) => n + rg.numRows, 0)
    if (sum !== footer.numRows)
      findings.push(finding('ROWCOUNT_MISMATCH', `The footer declares ${footer.numRows} rows but its row groups hold ${sum}.`))
    return result(findings, footer, skip)
  } finally {
    await handle.close()
  }
}

/**
 * Validates a Parquet file at a level: quick (see quickCheck), full (every row group's page CRCs
 * and dictionary indices checked, see page-check.ts, and every row group decoded, each in the
 * engine worker, so a decoder that panics, hangs or eats memory costs a finding, not the process), manifest (full, plus size, sha256 and rows against the work directory's manifest;
 * `checkManifest` adds that check to a lower level).
 */
export async function validateParquet(
  path: string,
  level: ValidationLevel,
  engine: EngineWorker,
  options: { checkManifest?: boolean } = {}
): Promise<ValidationReport> {
  const quick = await quickCheck(path)
  const report: ValidationReport = { path, valid: false, level, sizeBytes: quick.sizeBytes, findings: [...quick.findings] }
  if (quick.footer !== undefined) {
    report.rows = quick.footer.numRows
    report.rowGroups = quick.footer.rowGroups.length
  }
  const decodable = quick.footer !== undefined && !quick.findings.some((f) => f.code !== 'ABSURD_SIZE')
  if (level !== 'quick' && decodable) {
    for (let g = 0; g < quick.footer!.rowGroups.length; g++) {
      if (quick.skipRowGroups.includes(g)) continue
      // Pages are checked in a task of their own: a decoder that crashes its thread must not take these findings with it.
      report.findings.push(...(await engine.run('checkPages', { path, rowGroup: g }, `Checking the pages of row group ${g} of ${path}`)))
      try {
        report.findings.push(...(await engine.run('decodeRowGroup', { path, rowGroup: g }, `Decoding row group ${g} of ${path}`)))
      } catch (err) {
        if (!(err instanceof SieveError) || !['UNREADABLE', 'TIMEOUT'].includes(err.code)) throw err
        report.findings.push(finding('PAGE_DECODE_FAILED', `Row group ${g} does not decode: ${err.message}`, { rowGroup: g }))
      }
    }
  }
  if (level === 'manifest' || options.checkManifest === true) {
    const checked = await checkAgainstManifest(path, report.rows)
    report.inManifest = checked.inManifest
    report.findings.push(...checked.findings)
  }
  report.valid = report.findings.length === 0
  return report
}
