import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { SieveError } from '../../shared/errors'
import { fileError } from './fs-errors'
import { LenientUtf8Decoder } from './text-stream'

const RAW_KEPT = 2000

/** Data-Juicer extracts their text first; Sieve does not. */
const EXTRACTED_SUFFIXES = new Set(['.pdf', '.docx'])

/** Refuses a PDF or Word file, which Data-Juicer reads by extracting its text first. */
export function refuseExtractedDocument(path: string): void {
  const suffix = extname(path).toLowerCase()
  if (EXTRACTED_SUFFIXES.has(suffix)) {
    throw new SieveError(
      'UNKNOWN_FORMAT',
      `${path} is a ${suffix === '.pdf' ? 'PDF' : 'Word'} file; Sieve does not extract text from ${suffix} files. Convert it to .txt (for example with pdftotext or pandoc) and open that.`,
      { path }
    )
  }
}

/**
 * A file's whole content as text, every code point kept, or the position of its first byte that is
 * not UTF-8. A leading U+FEFF stays, as in Data-Juicer; its loader (Hugging Face's `text` builder)
 * opens files in Python's text mode, which turns \r\n and \r into \n: Sieve keeps line breaks as
 * they are, as it keeps every value of every other format.
 */
export async function readDocument(path: string): Promise<{ text: string } | { invalidAt: number; raw: string }> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (err) {
    throw fileError(err, path)
  }
  const decoder = new LenientUtf8Decoder()
  const text = decoder.decode(bytes, true)
  const invalidAt = decoder.take(text)
  return invalidAt === undefined ? { text } : { invalidAt, raw: bytes.subarray(0, RAW_KEPT).toString('latin1') }
}
