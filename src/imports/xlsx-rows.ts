import type { Readable } from 'node:stream'
import type ExcelJS from 'exceljs'
import type { CellValue } from 'exceljs'
import unzipper, { type ZipEntry } from 'unzipper'
import { ValidationError } from '../errors.js'
import { MAX_COLUMNS, type Cell, type SheetRow } from './sheet-row.js'

// XLSX rows through exceljs's worksheet reader: rows are parsed as the sheet's zip entry streams in, never a whole
// workbook in memory. Styles are read because they are what says a number is a date; the shared-strings table is
// held as XLSX requires. Only the first worksheet is read.
//
// Why not `WorkbookReader`'s own iteration: it reads the zip in one streaming pass, in stored order, and that pass
// intermittently loses the last entry (exceljs-written files store xl/workbook.xml last), so a worksheet is parsed
// without the workbook model and throws (exceljs#3064: "Cannot read properties of undefined (reading 'sheets')"; we
// saw it as a 1-in-300 500 on a busy machine). Instead we open the archive through its central directory and feed
// the reader's parts in dependency order: relationships, workbook, shared strings, styles, then the sheet.

/** The parts of exceljs 4.4's WorkbookReader that its own `parse()` calls; they take any readable stream. */
interface WorkbookParts {
  model?: { sheets?: Array<{ rId: string }> }
  workbookRels?: Array<{ Id: string; Target: string }>
  _parseRels(entry: Readable): Promise<void>
  _parseWorkbook(entry: Readable): Promise<void>
  _parseSharedStrings(entry: Readable): AsyncGenerator
  _parseStyles(entry: Readable): Promise<void>
  _parseWorksheet(
    iterator: Readable,
    sheetNo: string,
  ): Generator<{ eventType: string; value: ExcelJS.stream.xlsx.WorksheetReader }>
}

function plainCell(value: CellValue): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  if (value instanceof Date) return value
  if ('richText' in value) return value.richText.map((part) => part.text).join('')
  if ('hyperlink' in value) return value.text
  if ('error' in value) return value.error
  // A formula: its cached result, as the spreadsheet showed it.
  const result = value.result
  if (result === undefined) return null
  return typeof result === 'object' && !(result instanceof Date) ? result.error : result
}

function cellsOf(values: ExcelJS.Row['values']): Cell[] {
  const list: CellValue[] = Array.isArray(values) ? values.slice(1) : Object.values(values)
  if (list.length > MAX_COLUMNS) {
    throw new ValidationError('Too many columns', [{ path: 'file', message: `has more than ${MAX_COLUMNS} columns` }])
  }
  // exceljs leaves holes for empty cells.
  return Array.from(list, (value) => plainCell(value))
}

const SHEET_PATH = /^xl\/worksheets\/sheet(\d+)\.xml$/

/** The sheet the workbook lists first (its tab order), or the lowest-numbered sheet part when it lists none. */
function firstSheet(parts: WorkbookParts, entries: ZipEntry[]): { entry: ZipEntry; sheetNo: string } | undefined {
  const sheets = entries.flatMap((entry) => {
    const match = SHEET_PATH.exec(entry.path)
    return match?.[1] === undefined ? [] : [{ entry, sheetNo: match[1] }]
  })
  const firstRel = parts.model?.sheets?.[0]?.rId
  const target = parts.workbookRels?.find((rel) => rel.Id === firstRel)?.Target.replace(/^\/?(xl\/)?/, 'xl/')
  return sheets.find((sheet) => sheet.entry.path === target) ?? sheets.sort((a, b) => +a.sheetNo - +b.sheetNo)[0]
}

/** The rows of the first worksheet of an XLSX file, read as a stream. */
export async function* xlsxRows(file: string): AsyncGenerator<SheetRow> {
  let entries: ZipEntry[]
  try {
    entries = (await unzipper.Open.file(file)).files
  } catch {
    throw new ValidationError('Unreadable XLSX file', [{ path: 'file', message: 'is not a readable XLSX file' }])
  }
  const part = (path: string): Readable | undefined => entries.find((entry) => entry.path === path)?.stream()
  // Loaded on first use: exceljs's modules were 0.4 s of every start-up, for a feature used now and then.
  const { default: excel } = await import('exceljs')
  const reader = new excel.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  })
  // The typings hide the part parsers; they are what `WorkbookReader.parse()` itself calls, per zip entry.
  const parts = reader as unknown as WorkbookParts
  const rels = part('xl/_rels/workbook.xml.rels')
  if (rels) await parts._parseRels(rels)
  const workbook = part('xl/workbook.xml')
  if (workbook) await parts._parseWorkbook(workbook)
  const sharedStrings = part('xl/sharedStrings.xml')
  // In 'cache' mode the generator fills the reader's table and yields nothing.
  if (sharedStrings) for await (const _ of parts._parseSharedStrings(sharedStrings));
  const styles = part('xl/styles.xml')
  if (styles) await parts._parseStyles(styles)
  const sheet = firstSheet(parts, entries)
  if (!sheet) return
  for (const { value } of parts._parseWorksheet(sheet.entry.stream(), sheet.sheetNo)) {
    for await (const row of value) {
      yield { line: row.number, cells: cellsOf(row.values) }
    }
  }
}
