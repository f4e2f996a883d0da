import { SieveError } from '../../shared/errors'

/**
 * Finds the records of a JSON array of objects fed in chunks, without parsing the whole
 * document: each object's text is returned for JSON.parse, so memory is bounded by one record.
 */
export class JsonArrayScanner {
  private state: 'before' | 'between' | 'inObject' | 'after' = 'before'
  private depth = 0
  private inString = false
  private escaped = false
  private pieces: string[] = []
  private piecesLength = 0
  private offset = 0
  private count = 0

  constructor(
    private readonly path: string,
    private readonly maxRecordChars = 64 << 20
  ) {}

  push(text: string): string[] {
    const out: string[] = []
    let start = -1
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i)
      switch (this.state) {
        case 'before':
          if (ch === 0xfeff || isSpace(ch)) continue
          if (ch !== 0x5b) throw this.malformed(`expected '[' at character ${this.offset + i}`)
          this.state = 'between'
          continue
        case 'after':
          if (!isSpace(ch)) throw this.malformed(`unexpected text after the closing ']' at character ${this.offset + i}`)
          continue
        case 'between':
          if (isSpace(ch) || ch === 0x2c) continue
          if (ch === 0x5d) {
            this.state = 'after'
            continue
          }
          if (ch !== 0x7b) {
            throw this.malformed(`record ${this.count + 1} (at character ${this.offset + i}) is not an object`)
          }
          this.state = 'inObject'
          this.depth = 1
          start = i
          continue
        case 'inObject':
          if (start < 0) start = i
          if (this.inString) {
            if (this.escaped) this.escaped = false
            else if (ch === 0x5c) this.escaped = true
            else if (ch === 0x22) this.inString = false
            continue
          }
          if (ch === 0x22) this.inString = true
          else if (ch === 0x7b || ch === 0x5b) this.depth++
          else if (ch === 0x7d || ch === 0x5d) {
            this.depth--
            if (this.depth === 0) {
              this.pieces.push(text.slice(start, i + 1))
              out.push(this.pieces.join(''))
              this.pieces = []
              this.piecesLength = 0
              this.count++
              this.state = 'between'
              start = -1
            }
          }
      }
    }
    if (this.state === 'inObject' && start >= 0) {
      const piece = text.slice(start)
      this.pieces.push(piece)
      this.piecesLength += piece.length
      if (this.piecesLength > this.maxRecordChars) {
        throw new SieveError('LINE_TOO_LONG', `Record ${this.count + 1} of ${this.path} is longer than the limit.`, {
          path: this.path
        })
      }
    }
    this.offset += text.length
    return out
  }

  end(): void {
    if (this.state === 'before') throw this.malformed('it holds no JSON array')
    if (this.state !== 'after') throw this.malformed('the array is never closed with ]')
  }

  private malformed(reason: string): SieveError {
    return new SieveError('MALFORMED', `${this.path} is not a valid JSON array of records: ${reason}.`, { path: this.path })
  }
}

function isSpace(ch: number): boolean {
  return ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09
}
