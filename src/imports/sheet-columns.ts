import type { z } from 'zod'
import { ValidationError, type FieldProblem } from '../errors.js'
import type { ResourceDefinition, ResourceRecord } from '../models/define-resource.js'
import { coerceCell, kindOf, type FieldKind } from './cell-coercion.js'
import type { Cell, SheetRow } from './sheet-row.js'

// The header row names the create input's fields, one column each. A header the input does not know, a repeated
// one, or an unnamed column with values under it would silently lose data, so the whole file is refused (400
// naming the column) before any row is read.

export interface Column {
  readonly index: number
  readonly field: string
  readonly kind: FieldKind
}

function headerText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return ''
  return (cell instanceof Date ? cell.toISOString() : String(cell)).trim()
}

/** The columns of a header row; 400 naming each header that is not a field of the resource's create input. */
export function columnsOf(def: ResourceDefinition, header: SheetRow): Column[] {
  const shape: Record<string, z.core.$ZodType> = def.input.shape
  const names = header.cells.map(headerText)
  // Trailing unnamed columns are spreadsheet padding.
  while (names.length > 0 && names.at(-1) === '') names.pop()
  const problems: FieldProblem[] = []
  const seen = new Set<string>()
  const columns: Column[] = []
  names.forEach((name, index) => {
    const at = `header.${index + 1}`
    if (name === '') problems.push({ path: at, message: 'has no field name' })
    else if (!(name in shape)) problems.push({ path: name, message: `is not a field of ${def.resource}` })
    else if (seen.has(name)) problems.push({ path: name, message: 'appears twice in the header' })
    else {
      seen.add(name)
      columns.push({ index, field: name, kind: kindOf(shape[name] as z.core.$ZodType) })
    }
  })
  if (columns.length === 0 && problems.length === 0) {
    problems.push({ path: 'header', message: 'names no field' })
  }
  if (problems.length > 0) throw new ValidationError('The header row does not match the fields', problems)
  return columns
}

/** A row as create input: each column's cell coerced to its field's kind, empty cells left out. */
export function recordOf(columns: readonly Column[], row: SheetRow): ResourceRecord {
  const record: ResourceRecord = {}
  for (const column of columns) {
    const value = coerceCell(column.kind, row.cells[column.index] ?? null)
    if (value !== undefined) record[column.field] = value
  }
  return record
}

/** Cells under no column: an unnamed or extra column with values in it. */
export function strayCells(columns: readonly Column[], row: SheetRow): number[] {
  const used = new Set(columns.map((column) => column.index))
  return row.cells.flatMap((cell, index) => (used.has(index) || cell === null || cell === '' ? [] : [index + 1]))
}
