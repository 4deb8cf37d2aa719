import type { FieldProblem } from '../errors.js'

// What an import did, as the response returns it. The list of bad cells is capped so a file of bad rows does not
// turn into an answer as big as itself; the counts are always complete.

/** At most this many problems are listed; `badCount` counts them all. */
export const MAX_LISTED_PROBLEMS = 1000

export type ImportMode = 'all-or-nothing' | 'valid-only'

export interface BadCell {
  /** The line (CSV) or row number (XLSX) in the file, the header being line 1 when it comes first. */
  readonly line: number
  /** The field path the problem is about (`email`, `services.0`), or `row` for the row as a whole. */
  readonly field: string
  readonly message: string
}

export interface ImportReport {
  readonly importId: string
  readonly resource: string
  readonly mode: ImportMode
  readonly dryRun: boolean
  /** Data rows read (blank rows are not counted). */
  total: number
  /** Records written and kept. */
  written: number
  /** Rows refused. */
  badRows: number
  /** Problems found (a row may have several); `bad` lists the first MAX_LISTED_PROBLEMS. */
  badCount: number
  bad: BadCell[]
  /** All-or-nothing only: records written and then removed again because a later row failed. */
  rolledBack: number
}

export function newReport(importId: string, resource: string, mode: ImportMode, dryRun: boolean): ImportReport {
  return { importId, resource, mode, dryRun, total: 0, written: 0, badRows: 0, badCount: 0, bad: [], rolledBack: 0 }
}

export function addBadRow(report: ImportReport, line: number, problems: readonly FieldProblem[]): void {
  report.badRows += 1
  for (const problem of problems) {
    report.badCount += 1
    if (report.bad.length < MAX_LISTED_PROBLEMS) {
      report.bad.push({ line, field: problem.path, message: problem.message })
    }
  }
}
