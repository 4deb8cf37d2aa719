import type { Types } from 'mongoose'
import type { AuditModel } from './audit-entry.js'
import { mergeTrail, type HistoryEntry, type TrailEntry } from './history.js'
import type { ReadHistoryEntry, ReadLogModel } from './read-entry.js'

// History is read a page at a time: a much-read document has thousands of read entries, and one response used to
// carry all of them.

/** The largest page of history entries any door returns. */
export const MAX_HISTORY_PAGE = 100
export const DEFAULT_HISTORY_PAGE = 50

export interface HistoryPageOptions {
  /** Add the read entries (who opened the document), merged by time; default false. */
  includeReads?: boolean | undefined
  /** 1-based; default 1. */
  page?: number | undefined
  /** Entries per page, clamped to 1..MAX_HISTORY_PAGE; default DEFAULT_HISTORY_PAGE. */
  limit?: number | undefined
  /** Newest first (the admin view); default oldest first. */
  newestFirst?: boolean | undefined
}

export interface HistoryPage {
  items: TrailEntry[]
  /** Entries in the whole trail (changes, plus reads when included). */
  total: number
  page: number
  limit: number
}

interface Sources {
  audit: AuditModel
  readLog: ReadLogModel
  resource: string
  documentId: Types.ObjectId
}

export function pageBounds(options: HistoryPageOptions): { page: number; limit: number } {
  const limit = Math.min(MAX_HISTORY_PAGE, Math.max(1, Math.trunc(options.limit ?? DEFAULT_HISTORY_PAGE)))
  return { page: Math.max(1, Math.trunc(options.page ?? 1)), limit }
}

/**
 * One page of a document's trail. Each source is read only up to the end of the page (skip + limit entries), in the
 * page's order, so the cost follows the page asked for, not the length of the trail.
 */
export async function readHistoryPage(sources: Sources, options: HistoryPageOptions): Promise<HistoryPage> {
  const { page, limit } = pageBounds(options)
  const skip = (page - 1) * limit
  const direction = options.newestFirst === true ? -1 : 1
  const changeFilter = { resource: sources.resource, documentId: sources.documentId, status: 'committed' as const }
  const readFilter = { resource: sources.resource, documentId: sources.documentId }
  const [changes, changeCount] = await Promise.all([
    sources.audit
      .find(changeFilter, { status: 0 })
      .sort({ revision: direction })
      .limit(skip + limit)
      .lean<HistoryEntry[]>(),
    sources.audit.countDocuments(changeFilter),
  ])
  if (options.includeReads !== true) {
    return { items: changes.slice(skip, skip + limit), total: changeCount, page, limit }
  }
  const [reads, readCount] = await Promise.all([
    sources.readLog
      .find(readFilter)
      .sort({ at: direction })
      .limit(skip + limit)
      .lean<ReadHistoryEntry[]>(),
    sources.readLog.countDocuments(readFilter),
  ])
  const merged = mergeTrail(changes, reads)
  if (direction === -1) merged.reverse()
  return { items: merged.slice(skip, skip + limit), total: changeCount + readCount, page, limit }
}
