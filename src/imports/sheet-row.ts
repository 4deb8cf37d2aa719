/** A cell as a sheet holds it: text (CSV, XLSX strings), or an XLSX number, boolean or date; null when empty. */
export type Cell = string | number | boolean | Date | null

/** One row of an uploaded sheet, with the line people see it at (CSV: its first physical line; XLSX: the row). */
export interface SheetRow {
  readonly line: number
  readonly cells: readonly Cell[]
}

/** A header row wider than this is not a sheet of one resource's fields. */
export const MAX_COLUMNS = 500
