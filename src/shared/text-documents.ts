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

/**
 * The suffix a text document's rows carry in `__dj__suffix__` (`.py`, or the whole name for a
 * Dockerfile or Makefile), or undefined when the file (a path or a name) is not a text document.
 */
export function documentSuffix(path: string): string | undefined {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
  if (DOCUMENT_NAMES.has(name)) return name
  const dot = name.lastIndexOf('.')
  // A name that only starts with a dot (.bashrc) has no suffix, as Python's Path.suffix says.
  if (dot <= 0) return undefined
  const suffix = name.slice(dot).toLowerCase()
  return DOCUMENT_SUFFIXES.has(suffix) ? suffix : undefined
}
