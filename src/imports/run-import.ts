import type { Actor, JobActor } from '../access/actor.js'
import { mapError } from '../api/error-mapping.js'
import type { AuditModel } from '../audit/audit-entry.js'
import { AppError, ValidationError, type FieldProblem } from '../errors.js'
import type { ResourceService } from '../models/bind-resource.js'
import type { ResourceDefinition, ResourceRecord } from '../models/define-resource.js'
import type { WriteOptions } from '../models/resource-writes.js'
import { addBadRow, newReport, type ImportMode, type ImportReport } from './import-report.js'
import { columnsOf, recordOf, strayCells, type Column } from './sheet-columns.js'
import type { SheetRow } from './sheet-row.js'

// One bulk import: rows read as a stream, checked and written a batch at a time through the resource service (so
// every written record is validated, owned, referenced and audited as a single create would be, its audit entry
// carrying the import id). Memory holds one batch and the capped problem list, whatever the file's size.
//
// - dry run: every row goes through the create checks without writing; the report lists every bad row.
// - valid-only: valid rows are written, bad rows reported.
// - all-or-nothing: a first pass checks every row; any bad row and nothing is written. A second pass writes; if a
//   write still fails (a duplicate within the file, a referenced record trashed meanwhile), the rows already written
//   are removed again, audited, so nothing is half-imported.

/** Rows checked or written concurrently. */
const BATCH = 50

/** Who removes an all-or-nothing import's rows again: the importing user may hold no trash or destroy rights. */
const ROLLBACK: JobActor = Object.freeze({ kind: 'job', name: 'import.rollback' })

export interface ImportRun {
  readonly service: ResourceService
  readonly actor: Actor
  readonly audit: AuditModel
  /** The file's rows, header first; called once per pass. */
  readonly rows: () => AsyncIterable<SheetRow>
  readonly importId: string
  readonly mode: ImportMode
  readonly dryRun: boolean
}

type ParsedRow = { line: number; record: ResourceRecord } | { line: number; problems: FieldProblem[] }
type Outcome = { ok: true } | { ok: false; problems: FieldProblem[] }

function isEmpty(row: SheetRow): boolean {
  return row.cells.every((cell) => cell === null || (typeof cell === 'string' && cell.trim() === ''))
}

function parsed(columns: readonly Column[], row: SheetRow): ParsedRow {
  const stray = strayCells(columns, row)
  if (stray.length === 0) return { line: row.line, record: recordOf(columns, row) }
  const problems = stray.map((column) => ({ path: `column ${column}`, message: 'has a value but no field name' }))
  return { line: row.line, problems }
}

async function* batches(def: ResourceDefinition, rows: AsyncIterable<SheetRow>): AsyncGenerator<ParsedRow[]> {
  let columns: Column[] | undefined
  let batch: ParsedRow[] = []
  for await (const row of rows) {
    if (columns === undefined) {
      if (isEmpty(row)) continue
      columns = columnsOf(def, row)
      continue
    }
    if (isEmpty(row)) continue
    batch.push(parsed(columns, row))
    if (batch.length >= BATCH) {
      yield batch
      batch = []
    }
  }
  if (columns === undefined) throw new ValidationError('The file is empty', [{ path: 'file', message: 'has no rows' }])
  if (batch.length > 0) yield batch
}

/** A refused row's problems; anything we do not expect (the database went away) ends the import. */
function problemsOf(error: unknown): FieldProblem[] {
  const mapped = mapError(error)
  if (!mapped.known) throw error
  const { details, message } = mapped.error
  return details.length > 0 ? details : [{ path: 'row', message }]
}

async function attempt(run: ImportRun, row: ParsedRow, options: WriteOptions): Promise<Outcome> {
  if ('problems' in row) return { ok: false, problems: row.problems }
  try {
    await run.service.create(run.actor, row.record, options)
    return { ok: true }
  } catch (error) {
    return { ok: false, problems: problemsOf(error) }
  }
}

/** Checks or writes every row into `report`; with `stopOnBad`, stops after the first batch with a bad row. */
async function pass(run: ImportRun, report: ImportReport, options: WriteOptions, stopOnBad: boolean): Promise<void> {
  for await (const batch of batches(run.service.def, run.rows())) {
    const outcomes = await Promise.all(batch.map((row) => attempt(run, row, options)))
    outcomes.forEach((outcome, index) => {
      report.total += 1
      if (outcome.ok) report.written += options.dryRun === true ? 0 : 1
      else addBadRow(report, batch[index]?.line ?? 0, outcome.problems)
    })
    if (stopOnBad && report.badRows > 0) return
  }
}

/** Trash, then destroy (unless on legal hold: it stays in the trash, invisible, as any other would). */
async function removeOne(run: ImportRun, id: string, options: WriteOptions): Promise<void> {
  await run.service.trash(ROLLBACK, id, options)
  await run.service.destroy(ROLLBACK, id, options).catch((error: unknown) => {
    if (!(error instanceof AppError) || error.status !== 423) throw error
  })
}

/** Removes every record this import wrote, found through its audit entries, a batch at a time; each step audited. */
async function rollBack(run: ImportRun, why: string): Promise<number> {
  const options = { reason: `import ${run.importId} rolled back: ${why}`, importId: run.importId }
  const written = run.audit
    .find({ importId: run.importId, resource: run.service.def.resource, action: 'create' }, { documentId: 1 })
    .lean()
    .cursor()
  let removed = 0
  let ids: string[] = []
  const flush = async () => {
    await Promise.all(ids.map((id) => removeOne(run, id, options)))
    removed += ids.length
    ids = []
  }
  for await (const entry of written) {
    ids.push(entry.documentId.toHexString())
    if (ids.length >= BATCH) await flush()
  }
  await flush()
  return removed
}

async function allOrNothing(run: ImportRun, report: ImportReport): Promise<void> {
  await pass(run, report, { dryRun: true }, false)
  if (report.badRows > 0) return
  const writing = newReport(run.importId, run.service.def.resource, run.mode, false)
  try {
    await pass(run, writing, { importId: run.importId }, true)
  } catch (error) {
    await rollBack(run, 'the import failed')
    throw error
  }
  if (writing.badRows === 0) {
    report.written = writing.written
    return
  }
  const first = writing.bad[0]
  report.rolledBack = await rollBack(
    run,
    first ? `line ${first.line}: ${first.field} ${first.message}` : 'a row failed',
  )
  report.badRows = writing.badRows
  report.badCount = writing.badCount
  report.bad = writing.bad
}

export async function runImport(run: ImportRun): Promise<ImportReport> {
  const report = newReport(run.importId, run.service.def.resource, run.mode, run.dryRun)
  if (run.dryRun) await pass(run, report, { dryRun: true }, false)
  else if (run.mode === 'valid-only') await pass(run, report, { importId: run.importId }, false)
  else await allOrNothing(run, report)
  return report
}
