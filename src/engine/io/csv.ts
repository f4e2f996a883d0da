import { SieveError } from '../../shared/errors'

/**
 * An RFC 4180 parser fed in chunks: quoted fields may hold delimiters, doubled quotes and line
 * breaks; records end at \n, \r\n or \r. A BOM is dropped only where a file starts: text that
 * starts inside a file may begin with a value that starts with U+FEFF.
 */
export interface CsvRecord {
  fields: string[]
  /** 1-based line where the record starts. */
  line: number
}

export class CsvParser {
  private field = ''
  private record: string[] = []
  private quoted = false
  /** The previous character closed a quote; a second quote means a literal one. */
  private afterQuote = false
  private pendingCR = false
  private atStart: boolean
  private fieldStarted = false
  /** 1-based line at which the current record started, for error messages. */
  private recordLine = 1
  private line = 1
  /** Whether the current record consumed any character: an empty line is no record at all. */
  private touched = false

  constructor(
    private readonly delimiter: string,
    private readonly maxFieldChars = 64 << 20,
    options: { fileStart?: boolean } = {}
  ) {
    this.atStart = options.fileStart === true
  }

  /** Feeds text; returns the records it completed, each with its starting line; empty lines are skipped. */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = []
    let i = 0
    if (this.atStart) {
      if (text.charCodeAt(0) === 0xfeff) i = 1
      if (text.length > 0) this.atStart = false
    }
    for (; i < text.length; i++) {
      const ch = text[i]!
      if (this.pendingCR) {
        this.pendingCR = false
        if (ch === '\n') continue
      }
      if (ch !== '\n' && ch !== '\r') this.touched = true
      if (this.quoted) {
        this.touched = true
        if (ch === '"') {
          this.quoted = false
          this.afterQuote = true
        } else {
          if (ch === '\n') this.line++
          this.field += ch
        }
        continue
      }
      if (ch === '"') {
        if (this.afterQuote) {
          this.field += '"'
          this.quoted = true
          this.afterQuote = false
        } else if (!this.fieldStarted) {
          this.quoted = true
          this.fieldStarted = true
        } else {
          this.field += ch
        }
        continue
      }
      this.afterQuote = false
      if (ch === this.delimiter) {
        this.endField()
      } else if (ch === '\n' || ch === '\r') {
        this.endField()
        if (this.touched) out.push({ fields: this.record, line: this.recordLine })
        this.touched = false
        this.record = []
        this.line++
        this.recordLine = this.line
        if (ch === '\r') this.pendingCR = true
      } else {
        this.field += ch
        this.fieldStarted = true
      }
      if (this.field.length > this.maxFieldChars) {
        throw new SieveError('LINE_TOO_LONG', `A field starting on line ${this.recordLine} is longer than the limit.`, {
          line: this.recordLine
        })
      }
    }
    return out
  }

  /** Ends the input; returns the last record if the text did not end with a line break. */
  end(): CsvRecord | undefined {
    if (this.quoted) {
      throw new SieveError('MALFORMED', `A quoted field that starts on line ${this.recordLine} is never closed.`, {
        line: this.recordLine
      })
    }
    if (!this.touched) return undefined
    this.endField()
    const last = { fields: this.record, line: this.recordLine }
    this.record = []
    return last
  }

  private endField(): void {
    this.record.push(this.field)
    this.field = ''
    this.fieldStarted = false
    this.afterQuote = false
  }
}
