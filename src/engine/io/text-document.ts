import { readFile } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { SieveError } from '../../shared/errors'
import { fileError } from './fs-errors'
import { LenientUtf8Decoder } from './text-stream'

const RAW_KEPT = 2000

/**
 * Data-Juicer's TextFormatter.SUFFIXES: files read as one document each (text, markup, source
 * code). Data-Juicer lowercases a file's suffix and this list before comparing, so `.C` and `.H`
 * are `.c` and `.h`. It lists `Dockerfile` and `Makefile` too, but compares them as suffixes, so a
 * file named Dockerfile is never read there; here they are whole file names, as the list means them.
 */
const DOCUMENT_SUFFIXES = new Set(
  (
    '.txt .md .tex .asm .bat .cmd .c .h .cs .cpp .hpp .c++ .h++ .cc .hh .cmake .css .dockerfile .f90 .f .f03 .f08 .f77 .f95 .for ' +
    '.fpp .go .hs .html .java .js .jl .lua .markdown .php .php3 .php4 .php5 .phps .phpt .pl .pm .pod .perl .ps1 .psd1 .psm1 .py .rb .rs ' +
    '.sql .scala .sh .bash .command .zsh .ts .tsx .vb .xml .rst .m .smali'
  ).split(' ')
)
const DOCUMENT_NAMES = new Set(['Dockerfile', 'Makefile'])
/** The extensions of text documents, without the dot, for an Open dialog's filter. */
export const DOCUMENT_EXTENSIONS = [...DOCUMENT_SUFFIXES].map((s) => s.slice(1))

/** Data-Juicer extracts their text first; Sieve does not. */
const EXTRACTED_SUFFIXES = new Set(['.pdf', '.docx'])

/**
 * The suffix a text document's rows carry in `__dj__suffix__` (`.py`, or the whole name for a
 * Dockerfile or Makefile), or undefined when the file is not a text document.
 */
export function documentSuffix(path: string): string | undefined {
  const name = basename(path)
  if (DOCUMENT_NAMES.has(name)) return name
  const suffix = extname(name).toLowerCase()
  return DOCUMENT_SUFFIXES.has(suffix) ? suffix : undefined
}

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
