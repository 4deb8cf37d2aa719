import ExcelJS, { type CellValue } from 'exceljs'
import { ValidationError } from '../errors.js'
import { MAX_COLUMNS, type Cell, type SheetRow } from './sheet-row.js'

// XLSX through exceljs's streaming reader: rows are parsed as the zip entry streams in, never a whole workbook in
// memory. Styles are read (`cache`) because they are what says a number is a date; the shared-strings table is
// held as XLSX requires (it comes before the sheets). Only the first worksheet is read.

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

/** The rows of the first worksheet of an XLSX file, read as a stream. */
export async function* xlsxRows(file: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  })
  for await (const sheet of reader) {
    for await (const row of sheet) {
      yield { line: row.number, cells: cellsOf(row.values) }
    }
    return
  }
}
