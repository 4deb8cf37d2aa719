import { Types } from 'mongoose'
import { z } from 'zod'
import type { FilterKind, ResourceDefinition } from '../../models/define-resource.js'
import { requiredText, text } from '../../models/fields/text.js'
import type { ListQuery } from '../../models/resource-reads.js'

// The list and export query strings of a resource, parsed by zod: declared fields and operators only, anything else
// is a 400. Express's query parser turns `status[in]=a,b` into `{ status: { in: 'a,b' } }`.

const SYSTEM_FIELDS = ['_id', '_rev', 'createdAt', 'updatedAt', 'deletedAt', 'deletedBy', 'deleteReason']

function scalarOf(kind: FilterKind): z.ZodType<unknown, string> {
  switch (kind) {
    case 'string':
      return text(200)
    case 'number':
      return z
        .string()
        .regex(/^-?\d+(\.\d+)?$/, 'must be a number')
        .transform(Number)
    case 'date':
      return z
        .string()
        .refine((text) => !Number.isNaN(Date.parse(text)), 'must be a date')
        .transform((text) => new Date(text))
    case 'boolean':
      return z.enum(['true', 'false']).transform((text) => text === 'true')
    case 'id':
      return z
        .string()
        .regex(/^[0-9a-f]{24}$/i, 'must be an id')
        .transform((text) => new Types.ObjectId(text))
  }
}

function filterOf(kind: FilterKind): z.ZodType {
  const scalar = scalarOf(kind)
  const operators = z
    .strictObject({
      gte: scalar,
      lte: scalar,
      ne: scalar,
      in: text(2000)
        .transform((text) => text.split(','))
        .pipe(z.array(scalar).max(100)),
      exists: z.enum(['true', 'false']).transform((text) => text === 'true'),
    })
    .partial()
    .transform((ops) => Object.fromEntries(Object.entries(ops).map(([op, value]) => [`$${op}`, value])))
  return z.union([scalar, operators])
}

function listOf(allowed: readonly string[], what: string) {
  return text(1000)
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .refine((parts) => parts.every((part) => allowed.includes(part.replace(/^-/, ''))), {
      message: `may only name ${what}: ${allowed.join(', ')}`,
    })
}

/** `expand=client,owner`: declared reference fields only (resource-expand.ts embeds the records they name). */
function expandOf(def: ResourceDefinition) {
  const references = Object.keys(def.references ?? {})
  return text(1000)
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .refine((parts) => parts.every((part) => references.includes(part)), {
      message:
        references.length === 0
          ? `${def.resource} has no reference fields to expand`
          : `may only name reference fields: ${references.join(', ')}`,
    })
    .describe('Reference fields to replace by `{ _id, ...label fields }` of the records they name (comma-separated)')
}

/** The query of a single get: the trash view and `expand=`. */
export function getQuerySchema(def: ResourceDefinition) {
  return z.strictObject({
    trashed: z.enum(['true']).optional().describe('`true`: read from the trash'),
    expand: expandOf(def).optional(),
  })
}

function buildListQuerySchema(def: ResourceDefinition, paged: boolean) {
  const filters = Object.fromEntries(
    Object.entries(def.filters).map(([field, kind]) => [field, filterOf(kind).optional()]),
  )
  const fields = [...new Set([...SYSTEM_FIELDS, ...Object.keys(def.fields)])]
  const base = z.strictObject({
    ...filters,
    sort: listOf(def.sortable, 'sortable fields').optional(),
    q: requiredText(200).optional(),
    fields: listOf(fields, 'fields').optional(),
    trashed: z.enum(['only', 'include']).optional(),
    flagged: z.enum(['true']).optional().describe('`true`: only records a migration flagged (`importIssues`)'),
  })
  if (!paged) return base
  return base.extend({
    expand: expandOf(def).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
}

type ListQuerySchema = ReturnType<typeof buildListQuerySchema>

/**
 * Built once per resource and mode, on first use: building a zod schema costs far more than parsing with it, and
 * building all of them (two per resource, for the routes' OpenAPI entries) was 0.4 s of every start-up. Routes
 * describe their query with `() => listQuerySchema(def, paged)`, so the document builds what it shows when it is.
 */
const schemas = new WeakMap<ResourceDefinition, Map<boolean, ListQuerySchema>>()

/** The zod schema of a resource's list query; `paged: false` for the export (all matching rows). */
export function listQuerySchema(def: ResourceDefinition, paged: boolean): ListQuerySchema {
  let byMode = schemas.get(def)
  if (!byMode) schemas.set(def, (byMode = new Map<boolean, ListQuerySchema>()))
  let schema = byMode.get(paged)
  if (!schema) byMode.set(paged, (schema = buildListQuerySchema(def, paged)))
  return schema
}

/** Parses a query string into the engine's ListQuery. */
export function parseListQuery(def: ResourceDefinition, query: unknown, paged = true): ListQuery {
  const parsed = listQuerySchema(def, paged).parse(query) as Record<string, unknown>
  const filter: Record<string, unknown> = {}
  for (const field of Object.keys(def.filters)) {
    if (parsed[field] !== undefined) filter[field] = parsed[field]
  }
  if (parsed.flagged === 'true') filter['importIssues.0'] = { $exists: true }
  const sortParts = parsed.sort as string[] | undefined
  const sort = sortParts
    ? Object.fromEntries(sortParts.map((part) => [part.replace(/^-/, ''), part.startsWith('-') ? -1 : 1] as const))
    : undefined
  return {
    page: (parsed.page as number | undefined) ?? 1,
    limit: (parsed.limit as number | undefined) ?? 0,
    filter,
    ...(sort ? { sort } : {}),
    ...(typeof parsed.q === 'string' ? { q: parsed.q } : {}),
    ...(parsed.fields ? { fields: parsed.fields as string[] } : {}),
    ...(parsed.trashed ? { trashed: parsed.trashed as 'only' | 'include' } : {}),
    ...(parsed.expand ? { expand: parsed.expand as string[] } : {}),
  }
}
