import { z } from 'zod'
import { toJsonSchema, type JsonSchema, type OpenApiRegistry, type RouteDoc } from './registry.js'

const ErrorBody = z.object({
  success: z.literal(false),
  message: z.string(),
  code: z.string().meta({ example: 'VALIDATION_FAILED' }),
  details: z.array(z.object({ path: z.string(), message: z.string() })),
  requestId: z.string(),
})

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  400: 'Invalid input (VALIDATION_FAILED); `details` name the fields',
  401: 'Missing, invalid, expired or revoked token (UNAUTHENTICATED)',
  403: "The caller's role may not do this (FORBIDDEN)",
  404: 'Not found, also for a malformed id (NOT_FOUND)',
  409: 'Conflicts with stored data, e.g. a duplicate email (CONFLICT)',
  410: 'No longer served (GONE)',
  412: 'If-Match does not match the current revision (PRECONDITION_FAILED)',
  413: 'Body or file too large (PAYLOAD_TOO_LARGE)',
  415: 'File type not accepted; types are read from the bytes (UNSUPPORTED_MEDIA_TYPE)',
  423: 'Locked, e.g. under legal hold',
  429: 'Too many attempts; see Retry-After (RATE_LIMITED)',
  500: 'Unexpected failure (INTERNAL); details only in the server log',
}

function openApiPath(path: string): string {
  return path.replace(/:(\w+)\??/g, '{$1}')
}

function parameters(route: RouteDoc): JsonSchema[] {
  const out: JsonSchema[] = []
  for (const [location, schema] of [
    ['path', route.params],
    ['query', typeof route.query === 'function' ? route.query() : route.query],
  ] as const) {
    if (!schema) continue
    const json = toJsonSchema(schema, 'input')
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>
    const required = new Set((json.required ?? []) as string[])
    for (const [name, property] of Object.entries(properties)) {
      out.push({ name, in: location, required: location === 'path' || required.has(name), schema: property })
    }
  }
  return out
}

function successSchema(registry: OpenApiRegistry, route: RouteDoc): JsonSchema {
  const data = route.response ? registry.schemaOf(route.response, 'output') : {}
  if (route.envelope === false) return data
  return {
    type: 'object',
    required: ['success', 'data'],
    properties: { success: { const: true }, data, meta: { type: 'object' } },
  }
}

function operation(registry: OpenApiRegistry, route: RouteDoc): JsonSchema {
  const status = route.status ?? 200
  const responses: Record<string, JsonSchema> = {
    [String(status)]: {
      description: STATUS_TEXT[status] ?? 'Success',
      content: { 'application/json': { schema: successSchema(registry, route) } },
    },
  }
  for (const code of [...(route.errors ?? []), ...(route.auth ? [401] : []), 500]) {
    responses[String(code)] = { $ref: `#/components/responses/E${code}` }
  }
  return {
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    operationId: `${route.method}${route.path.replace(/[^A-Za-z0-9]+(\w)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    parameters: parameters(route),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: registry.schemaOf(route.body, 'input') } },
          },
        }
      : {}),
    responses,
    ...(route.auth ? { security: [{ tokenHeader: [] }, { bearer: [] }] } : { security: [] }),
  }
}

/** The OpenAPI 3.1 document of every registered route. */
export function buildOpenApiDocument(registry: OpenApiRegistry, info: { title: string; version: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {}
  for (const route of registry.routes) {
    const path = openApiPath(route.path)
    paths[path] ??= {}
    paths[path][route.method] = operation(registry, route)
  }
  // Every error status any route declares gets a shared response component.
  const codes = new Set([401, 500, ...registry.routes.flatMap((route) => route.errors ?? [])])
  const errorResponses = Object.fromEntries(
    [...codes].map((code) => [
      `E${code}`,
      {
        description: STATUS_TEXT[code] ?? `Error ${code}`,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  )
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description:
        'CRM back-office REST API. Envelope: `{ success, data, meta }`; errors `{ success: false, message, code, details, requestId }`.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Error: toJsonSchema(ErrorBody, 'output'), ...registry.componentSchemas() },
      responses: errorResponses,
      securitySchemes: {
        tokenHeader: {
          type: 'apiKey',
          in: 'header',
          name: 'authorization',
          description: 'The raw JWT (seed contract)',
        },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
  }
}
