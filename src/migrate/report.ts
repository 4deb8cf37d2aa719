// What a migration run did, per collection: printed by the CLI and written as JSON.

export interface SkippedDocument {
  id: string
  reason: string
  field?: string
}

export interface FlaggedDocument {
  id: string
  fields: string[]
}

export interface CollectionReport {
  /** Documents read from the old collection. */
  read: number
  /** Written (or, in a dry run, that would be written). */
  written: number
  /** Already migrated by an earlier run: nothing to do. */
  unchanged: number
  skipped: SkippedDocument[]
  /** Migrated with values our validation refuses, kept in `importIssues`. */
  flagged: FlaggedDocument[]
  /** Old history entries turned into audit entries. */
  historyEntries: number
  /** Trashed in the old system, now in our trash. */
  trashed: number
}

export interface InvariantResult {
  name: string
  ok: boolean
  detail: string
}

export interface MigrationReport {
  dryRun: boolean
  inPlace: boolean
  startedAt: string
  finishedAt?: string
  collections: Record<string, CollectionReport>
  /** Old role names with no role of ours, mapped to `user`. */
  unknownRoles: string[]
  invariants: InvariantResult[]
}

export function emptyCollectionReport(): CollectionReport {
  return { read: 0, written: 0, unchanged: 0, skipped: [], flagged: [], historyEntries: 0, trashed: 0 }
}

/** The one-line-per-collection summary the CLI prints. */
export function summarise(report: MigrationReport): string {
  const lines = Object.entries(report.collections).map(
    ([name, c]) =>
      `${name}: read ${c.read}, ${report.dryRun ? 'would write' : 'written'} ${c.written}, unchanged ${c.unchanged}, ` +
      `skipped ${c.skipped.length}, flagged ${c.flagged.length}, history ${c.historyEntries}, trashed ${c.trashed}`,
  )
  for (const invariant of report.invariants) {
    lines.push(`${invariant.ok ? 'ok  ' : 'FAIL'} ${invariant.name}: ${invariant.detail}`)
  }
  if (report.unknownRoles.length > 0) lines.push(`unknown roles mapped to user: ${report.unknownRoles.join(', ')}`)
  return lines.join('\n')
}
