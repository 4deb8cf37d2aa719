import type { Actor } from '../../access/actor.js'
import type { ResourceService } from '../bind-resource.js'
import type { ResourceRecord } from '../define-resource.js'

// What feeds the caller's calendar. Tasks and calendar entries are ours; meetings, events, leaves and holidays come
// from the people resources when the catalogue has them (checked by name at runtime), so the view works before and
// after they are merged. Field names are looked up in each declaration from a few candidates, so a source whose
// declaration lacks a date field is left out rather than guessed at.

export interface CalendarSource {
  /** The item's `type` and the resource's name. */
  readonly type: string
  readonly resource: string
  /** Candidate start-date fields, first present wins. */
  readonly start: readonly string[]
  /** Candidate end-date fields; none: the item lasts its start day. */
  readonly end?: readonly string[]
  readonly title: readonly string[]
  /** Extra conditions: the caller's own items (a task's assignees), approved leaves... */
  readonly mine?: (fields: FieldNames, actor: Actor) => Record<string, unknown> | null
  /** A time-of-day field (`HH:MM`) on the start day; items without one are all-day. */
  readonly time?: string
}

export type FieldNames = (candidates: readonly string[]) => string | undefined

/** Keeps the caller's own: the first of `candidates` present must hold their id (null: cannot tell, skip source). */
const holding =
  (candidates: readonly string[]) =>
  (fields: FieldNames, actor: Actor): Record<string, unknown> | null => {
    const field = fields(candidates)
    return field && actor.kind === 'user' ? { [field]: actor.id } : null
  }

export const CALENDAR_SOURCES: readonly CalendarSource[] = [
  {
    type: 'task',
    resource: 'tasks',
    start: ['startDate'],
    end: ['dueDate'],
    title: ['name'],
    mine: holding(['assignees']),
  },
  {
    type: 'entry',
    resource: 'taskcalendars',
    start: ['date'],
    title: ['name'],
    time: 'time',
    mine: holding(['ownerId']),
  },
  {
    type: 'meeting',
    resource: 'meetings',
    start: ['startAt', 'start', 'date', 'startDate'],
    end: ['endAt', 'end', 'endDate'],
    title: ['title', 'name'],
    mine: holding(['attendeeIds', 'attendees', 'participantIds', 'participants']),
  },
  {
    type: 'event',
    resource: 'events',
    start: ['startAt', 'date', 'eventDate', 'startDate'],
    end: ['endAt', 'endDate'],
    title: ['title', 'name', 'eventTitle'],
  },
  {
    type: 'leave',
    resource: 'leaves',
    start: ['startDate', 'from'],
    end: ['endDate', 'to'],
    title: ['leaveType', 'type', 'reason'],
    // Whose leaves is the policy's: their own (`own` scope) or everyone's (HR).
    mine: () => ({ status: 'approved' }),
  },
  { type: 'holiday', resource: 'holidays', start: ['date', 'startDate'], end: ['endDate'], title: ['name', 'title'] },
]

export interface CalendarItem {
  readonly type: string
  readonly id: string
  readonly title: string
  readonly start: Date
  readonly end: Date
  readonly allDay: boolean
}

function titleOf(record: ResourceRecord, field: string | undefined): string | undefined {
  const value = field ? record[field] : undefined
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** The item of one stored record, its time of day applied to the start day (UTC) when it has one. */
export function itemOf(
  source: CalendarSource,
  fields: { start: string; end?: string | undefined; title?: string | undefined },
  record: ResourceRecord,
): CalendarItem | null {
  const startValue = record[fields.start] ?? (fields.end ? record[fields.end] : undefined)
  if (!(startValue instanceof Date)) return null
  const endValue = fields.end ? record[fields.end] : undefined
  const time = source.time ? record[source.time] : undefined
  const start = new Date(startValue)
  if (typeof time === 'string' && /^\d\d:\d\d$/.test(time)) {
    start.setUTCHours(Number(time.slice(0, 2)), Number(time.slice(3, 5)), 0, 0)
  }
  return {
    type: source.type,
    id: String(record._id),
    title: titleOf(record, fields.title) ?? source.type,
    start,
    end: endValue instanceof Date ? endValue : start,
    allDay: typeof time !== 'string' && !(endValue instanceof Date && source.type === 'meeting'),
  }
}

/** The service of a source's resource, when the catalogue has it. */
export function serviceOf(all: readonly ResourceService[], resource: string): ResourceService | undefined {
  return all.find((service) => service.def.resource === resource)
}
