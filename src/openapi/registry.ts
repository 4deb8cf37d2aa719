import { z } from 'zod'

// Routes describe themselves here with the same zod schemas they parse with; document.ts turns that into OpenAPI 3.1.

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete'

export interface RouteDoc {
  method: HttpMethod
  /** Express-style path (`/api/v1/users/:id`). */
  path: string
  summary: string
  tag: string
  /** Needs `authorization: <token>`. */
  auth: boolean
  params?: z.ZodObject
  /** A function when the schema is costly to build: called when the document is (a list query, list-query.ts). */
  query?: z.ZodObject | (() => z.ZodObject)
  body?: z.ZodType
  /** The success body. With `envelope` (the default) it is wrapped in `{ success, data, meta }`. */
  response?: z.ZodType
  envelope?: boolean
  status?: number
  /** Error statuses this route may answer, besides 500. */
  errors?: number[]
  description?: string
}

export type JsonSchema = Record<string, unknown>

/** Named schemas become components; a route that uses the same zod object gets a `$ref` instead of a copy. */
export class OpenApiRegistry {
  readonly routes: RouteDoc[] = []
  private readonly components = new Map<z.ZodType, { name: string; io: 'input' | 'output' }>()

  add(route: RouteDoc): void {
    this.routes.push(route)
  }

  /** Names a schema so the document refers to it as `#/components/schemas/<name>`. */
  component(name: string, schema: z.ZodType, io: 'input' | 'output'): void {
    this.components.set(schema, { name, io })
  }

  /** A JSON Schema for a zod schema, or a `$ref` when it is a named component. */
  schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const named = this.components.get(schema)
    if (named) return { $ref: `#/components/schemas/${named.name}` }
    return toJsonSchema(schema, io)
  }

  componentSchemas(): Record<string, JsonSchema> {
    const out: Record<string, JsonSchema> = {}
    for (const [schema, { name, io }] of this.components) out[name] = toJsonSchema(schema, io)
    return out
  }
}

/** JSON Schema 2020-12 (the dialect of OpenAPI 3.1) without the `$schema` marker, which OpenAPI does not want inline. */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' })
  return rest
}
