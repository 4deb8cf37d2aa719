import type { Types } from 'mongoose'
import type { Actor } from '../access/actor.js'
import type { AppContext } from '../app-context.js'
import type { ResourceRecord } from '../models/define-resource.js'
import { mergeGroup } from './merge.js'
import { leadMergeModel } from '../models/lead-merge.js'

// Finds duplicate leads by walking the index of one normalised key (email, then phone) in key order, a page at a
// time: memory holds one page and one group, never the collection. Seed 1 loaded every lead every hour.

export const DEDUPE_KEYS = ['email', 'phoneNumber'] as const
export type DedupeKey = (typeof DEDUPE_KEYS)[number]

type Lead = ResourceRecord & { _id: Types.ObjectId; createdAt: Date }

export interface ScanOptions {
  /** Rows read per page. */
  readonly pageSize: number
  readonly signal: AbortSignal
  /** Called with the number of leads merged away after each group. */
  readonly onMerged: (count: number) => void
}

const LIVE_UNMERGED = { mergedInto: null }

async function page(context: AppContext, key: DedupeKey, after: string, size: number): Promise<Lead[]> {
  return context.resources.leads.model
    .find({ [key]: { $gt: after, $type: 'string' }, ...LIVE_UNMERGED })
    .sort({ [key]: 1, _id: 1 })
    .limit(size)
    .lean<Lead[]>()
}

/** Every live, unmerged lead with this key value (a group never spans pages this way). */
async function wholeGroup(context: AppContext, key: DedupeKey, value: string): Promise<Lead[]> {
  return context.resources.leads.model.find({ [key]: value, ...LIVE_UNMERGED }).lean<Lead[]>()
}

/** Leads an operator separated again (an undone merge) are not merged back automatically; merge them on demand. */
async function withoutSeparated(context: AppContext, group: Lead[]): Promise<Lead[]> {
  const ids = group.map((lead) => lead._id.toHexString())
  const undone = await leadMergeModel(context.db.connection)
    .find({ status: 'undone', mergedIds: { $in: ids } }, { mergedIds: 1 })
    .lean()
  const separated = new Set(undone.flatMap((merge) => merge.mergedIds))
  return group.filter((lead) => !separated.has(lead._id.toHexString()))
}

function groupsOf(rows: readonly Lead[], key: DedupeKey): Map<string, Lead[]> {
  const groups = new Map<string, Lead[]>()
  for (const row of rows) {
    const value = String(row[key])
    groups.set(value, [...(groups.get(value) ?? []), row])
  }
  return groups
}

async function mergeValue(context: AppContext, actor: Actor, key: DedupeKey, rows: Lead[], last: boolean) {
  const value = String(rows[0]?.[key])
  // The page's last value may continue on the next page: read its whole group.
  const group = await withoutSeparated(context, last ? await wholeGroup(context, key, value) : rows)
  if (group.length < 2) return 0
  const plan = await mergeGroup(context, actor, group, `${key}:${value}`)
  return plan?.mergedIds.length ?? 0
}

/** Read through a function: the signal flips between awaits, which narrowing cannot see. */
function stopped(signal: AbortSignal): boolean {
  return signal.aborted
}

/** One pass over one key; returns the number of leads merged away. */
export async function scanKey(
  context: AppContext,
  actor: Actor,
  key: DedupeKey,
  options: ScanOptions,
): Promise<number> {
  let after = ''
  let merged = 0
  for (;;) {
    if (stopped(options.signal)) return merged
    const rows = await page(context, key, after, options.pageSize)
    if (rows.length === 0) return merged
    const groups = [...groupsOf(rows, key)]
    for (const [index, [value, group]] of groups.entries()) {
      if (stopped(options.signal)) return merged
      const count = await mergeValue(
        context,
        actor,
        key,
        group,
        index === groups.length - 1 && rows.length === options.pageSize,
      )
      merged += count
      if (count > 0) options.onMerged(count)
      after = value
    }
  }
}
