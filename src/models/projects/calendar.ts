import type { Actor } from '../../access/actor.js'
import type { ResourceService } from '../bind-resource.js'
import type { ResourceRecord } from '../define-resource.js'
import { allOf, readFilter } from '../resource-access.js'
import { CALENDAR_SOURCES, itemOf, serviceOf, type CalendarItem, type CalendarSource } from './calendar-sources.js'

// GET /api/v1/calendar: the caller's items between two days, from every source the catalogue has. Each source is
// read through the same policy as its list (scopeFilter for `read`); a source the caller may not read is left out.

/** Items per source at most; a calendar of more than this in 92 days is not a calendar. */
const PER_SOURCE = 500

function fieldsOf(service: ResourceService) {
  const declared = service.def.fields
  return (candidates: readonly string[]) => candidates.find((field) => field in declared)
}

async function itemsFrom(
  service: ResourceService,
  source: CalendarSource,
  actor: Actor,
  range: { from: Date; to: Date },
): Promise<CalendarItem[]> {
  // As its list would: a catalogue every user reads (holidays) is read whole, but for its declared audience.
  const scope = readFilter(service.def, actor)
  if (scope === null) return []
  const names = fieldsOf(service)
  const start = names(source.start)
  const end = source.end ? names(source.end) : undefined
  if (start === undefined) return []
  const mine = source.mine ? source.mine(names, actor) : {}
  if (mine === null) return []
  const within = { $gte: range.from, $lte: range.to }
  // Overlapping the range; a record with only one of its two dates counts on that day.
  const overlap: Record<string, unknown> = end
    ? {
        $or: [
          { [start]: { $lte: range.to }, [end]: { $gte: range.from } },
          { [start]: null, [end]: within },
          { [start]: within, [end]: null },
        ],
      }
    : { [start]: within }
  const rows = await service.model
    .find(allOf(scope, mine, { deletedAt: null }, overlap))
    .limit(PER_SOURCE)
    .lean<ResourceRecord[]>()
  const fields = { start, end, title: names(source.title) }
  return rows.flatMap((row) => itemOf(source, fields, row) ?? [])
}

export async function calendarOf(
  all: readonly ResourceService[],
  actor: Actor,
  range: { from: Date; to: Date },
): Promise<CalendarItem[]> {
  const lists = await Promise.all(
    CALENDAR_SOURCES.map((source) => {
      const service = serviceOf(all, source.resource)
      return service ? itemsFrom(service, source, actor, range) : Promise.resolve([])
    }),
  )
  return lists.flat().sort((a, b) => a.start.getTime() - b.start.getTime())
}
