import { createReadStream } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import { ValidationError } from '../errors.js'
import { MAX_COLUMNS, type SheetRow } from './sheet-row.js'

// A streaming RFC 4180 reader: quoted cells (with "" for a quote and line breaks inside), CRLF or LF, a UTF-8 BOM.
// It holds one row at a time, so memory does not grow with the file; a cell longer than MAX_CELL_CHARS (an
// unterminated quote swallowing the rest of the file, usually) is refused instead of buffered.

const MAX_CELL_CHARS = 100_000

type State = 'start' | 'unquoted' | 'quoted' | 'quote-in-quoted'

class CsvTokenizer {
  private state: State = 'start'
  private cell = ''
  private cells: string[] = []
  private line = 1
  private rowLine = 1
  private skipLf = false
  readonly rows: SheetRow[] = []

  feed(text: string): void {
    for (let i = 0; i < text.length; i += 1) this.step(text.charAt(i))
  }

  /** The last row when the file does not end with a line break; an open quote is an error. */
  end(): void {
    if (this.state === 'quoted') {
      throw new ValidationError('The CSV file has an unterminated quote', [
        { path: `line ${this.rowLine}`, message: 'has a quote that is never closed' },
      ])
    }
    if (this.state !== 'start' || this.cells.length > 0) this.endRow()
  }

  private step(ch: string): void {
    if (this.skipLf) {
      this.skipLf = false
      if (ch === '\n') return
    }
    switch (this.state) {
      case 'quoted':
        if (ch === '"') this.state = 'quote-in-quoted'
        else this.append(ch)
        if (ch === '\n') this.line += 1
        return
      case 'quote-in-quoted':
        if (ch === '"') {
          this.append('"')
          this.state = 'quoted'
          return
        }
        this.state = 'unquoted'
        if (!this.separator(ch)) this.append(ch)
        return
      case 'start':
        if (ch === '"') {
          this.state = 'quoted'
          return
        }
        this.state = 'unquoted'
        if (!this.separator(ch)) this.append(ch)
        return
      case 'unquoted':
        if (!this.separator(ch)) this.append(ch)
    }
  }

  /** Handles a comma or line break; false for any other character. */
  private separator(ch: string): boolean {
    if (ch === ',') {
      this.endCell()
      return true
    }
    if (ch !== '\r' && ch !== '\n') return false
    this.skipLf = ch === '\r'
    this.line += 1
    this.endRow()
    return true
  }

  private append(ch: string): void {
    this.cell += ch
    if (this.cell.length > MAX_CELL_CHARS) {
      throw new ValidationError('A CSV cell is too long', [
        { path: `line ${this.rowLine}`, message: `has a cell longer than ${MAX_CELL_CHARS} characters` },
      ])
    }
  }

  private endCell(): void {
    this.cells.push(this.cell)
    this.cell = ''
    this.state = 'start'
    if (this.cells.length > MAX_COLUMNS) {
      throw new ValidationError('Too many columns', [
        { path: `line ${this.rowLine}`, message: `has more than ${MAX_COLUMNS} cells` },
      ])
    }
  }

  private endRow(): void {
    this.endCell()
    const blank = this.cells.length === 1 && this.cells[0] === ''
    if (!blank) this.rows.push({ line: this.rowLine, cells: this.cells })
    this.cells = []
    this.rowLine = this.line
  }
}

/** The rows of a CSV file, read as a stream. */
export async function* csvRows(file: string): AsyncGenerator<SheetRow> {
  const decoder = new StringDecoder('utf8')
  const tokenizer = new CsvTokenizer()
  let first = true
  for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024 })) {
    let text = decoder.write(chunk as Buffer)
    if (first && text.length > 0) {
      text = text.replace(/^\uFEFF/, '')
      first = false
    }
    tokenizer.feed(text)
    yield* tokenizer.rows.splice(0)
  }
  tokenizer.feed(decoder.end())
  tokenizer.end()
  yield* tokenizer.rows.splice(0)
}
