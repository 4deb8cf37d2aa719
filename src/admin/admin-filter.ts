import type { ResourceDefinition, FilterKind } from '../models/define-resource.js'

// AdminJS list filters (`filters.status=Pending`, `filters.date~~from=...`) turned into a MongoDB filter over the
// resource's declared filter fields only; anything else in the query is ignored, so no client text becomes a query.

/** One AdminJS filter value: a string, or a range from the date/number pickers. */
type FilterValue = string | { from?: string; to?: string }

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function scalar(kind: FilterKind, text: string): unknown {
  switch (kind) {
    case 'number': {
      const value = Number(text)
      return Number.isFinite(value) ? value : undefined
    }
    case 'date': {
      const value = new Date(text)
      return Number.isNaN(value.getTime()) ? undefined : value
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : undefined
    case 'string':
    case 'id':
      return text
  }
}

function range(kind: FilterKind, value: { from?: string; to?: string }): Record<string, unknown> | undefined {
  const bounds: Record<string, unknown> = {}
  if (value.from) bounds.$gte = scalar(kind, value.from)
  if (value.to) bounds.$lte = scalar(kind, value.to)
  const defined = Object.entries(bounds).filter(([, bound]) => bound !== undefined)
  return defined.length > 0 ? Object.fromEntries(defined) : undefined
}

/** Free text matches anywhere, case-insensitively; fields with a fixed set of values (enums) match exactly. */
function condition(kind: FilterKind, exact: boolean, value: FilterValue): unknown {
  if (typeof value !== 'string') return range(kind, value)
  if (value === '') return undefined
  if (kind === 'string' && !exact) return { $regex: escapeRegex(value), $options: 'i' }
  return scalar(kind, value)
}

function isFilterValue(value: unknown): value is FilterValue {
  if (typeof value === 'string') return true
  if (!value || typeof value !== 'object') return false
  return Object.values(value).every((inner) => typeof inner === 'string')
}

/** The filter of a list, count or export from AdminJS's `filters` object (already unflattened). */
export function adminFilter(def: ResourceDefinition, filters: Record<string, unknown>): Record<string, unknown> {
  const where: Record<string, unknown> = {}
  for (const [field, kind] of Object.entries(def.filters)) {
    const value = filters[field]
    if (!isFilterValue(value)) continue
    const exact = (def.schema.path(field) as { enumValues?: unknown[] } | undefined)?.enumValues?.length
    const built = condition(kind, Boolean(exact), value)
    if (built !== undefined) where[field] = built
  }
  return where
}

/** The sort of a list: a declared sortable field, else the resource's default order. */
export function adminSort(
  def: ResourceDefinition,
  sortBy: unknown,
  direction: unknown,
): Record<string, 1 | -1> | undefined {
  if (typeof sortBy !== 'string' || !def.sortable.includes(sortBy)) return undefined
  return { [sortBy]: direction === 'asc' ? 1 : -1 }
}
