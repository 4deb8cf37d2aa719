import { Schema } from 'mongoose'
import type { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { RESOURCES } from '../../src/access/matrix.js'
import { RESOURCE_DEFINITIONS } from '../../src/models/index.js'

// Mongoose fields and zod input are declared side by side in each resource file; this keeps them from drifting.

type MongooseKind = 'string' | 'number' | 'date' | 'boolean' | 'array' | 'object'

function mongooseKind(field: unknown): MongooseKind | 'other' {
  const spec = field && typeof field === 'object' && 'type' in field ? field.type : field
  if (Array.isArray(spec)) return 'array'
  // A reference is stored as an ObjectId and sent as its hex string (fields/record-id.ts).
  if (spec === String || spec === Schema.Types.ObjectId) return 'string'
  // A nested path (an address): a plain object of fields.
  if (spec && typeof spec === 'object' && Object.getPrototypeOf(spec) === Object.prototype) return 'object'
  if (spec === Number) return 'number'
  if (spec === Date) return 'date'
  if (spec === Boolean) return 'boolean'
  return 'other'
}

/** The zod output kind of an input field, through optional/nullable/pipe/transform wrappers. */
function zodKind(schema: z.ZodType): string {
  const def = schema.def as {
    type: string
    innerType?: z.ZodType
    out?: z.ZodType
    in?: z.ZodType
    options?: z.ZodType[]
    values?: unknown[]
  }
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return zodKind(def.innerType as z.ZodType)
    case 'pipe':
      return (def.out as z.ZodType).def.type === 'transform'
        ? zodKind(def.in as z.ZodType)
        : zodKind(def.out as z.ZodType)
    case 'union': {
      const kinds = new Set((def.options ?? []).map(zodKind))
      return kinds.size === 1
        ? ([...kinds][0] as string)
        : kinds.has('string') && kinds.has('number')
          ? 'string'
          : [...kinds].join('|')
    }
    case 'enum':
    case 'literal':
      return 'string'
    default:
      return def.type
  }
}

describe.each(RESOURCE_DEFINITIONS.map((def) => [def.name, def] as const))('resource %s', (_name, def) => {
  it('when its Mongoose fields and zod input are compared, they name the same fields (derived fields aside)', () => {
    // Derived fields, a workflow's fields and internal fields are set by the engine or server code, never input.
    const workflow = def.workflow ? [def.workflow.field, ...(def.workflow.fields ?? [])] : []
    const derived = new Set([...(def.derived?.fields ?? []), ...workflow, ...(def.internalFields ?? [])])
    const stored = Object.keys(def.fields)
      .filter((field) => !derived.has(field))
      .sort()
    expect(Object.keys(def.input.shape).sort()).toEqual(stored)
  })

  it('when each field is compared, the zod value kind matches the Mongoose type', () => {
    for (const [field, schema] of Object.entries(def.input.shape)) {
      const kind = mongooseKind(def.fields[field])
      expect({ field, kind: zodKind(schema) }).toEqual({ field, kind })
    }
  })

  it('when its declarations are checked, filters, sort, search and export name stored fields and the policy knows it', () => {
    const known = new Set([...Object.keys(def.fields), '_id', 'createdAt', 'updatedAt'])
    for (const field of [...Object.keys(def.filters), ...def.sortable, ...def.search, ...def.exportColumns]) {
      expect({ field, known: known.has(field) }).toEqual({ field, known: true })
    }
    expect(RESOURCES).toContain(def.resource)
    expect(def.auditPaths).not.toContain('_rev')
  })
})
