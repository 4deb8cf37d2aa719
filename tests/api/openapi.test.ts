import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../setup/app.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp('openapi')
})
afterAll(async () => {
  await t.close()
})

type Json = Record<string, unknown>
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'])

/** Every `$ref` in the document, wherever it sits. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, out)
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') out.push(inner)
      else refsIn(inner, out)
    }
  }
  return out
}

function resolve(doc: Json, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Json)[part] : undefined), doc)
}

/** A structural check of the OpenAPI 3.1 rules we rely on (no validator package is installed). */
function problemsOf(doc: Json): string[] {
  const problems: string[] = []
  if (doc.openapi !== '3.1.0') problems.push('openapi is not 3.1.0')
  const info = doc.info as Json | undefined
  if (typeof info?.title !== 'string' || typeof info.version !== 'string') problems.push('info.title/version missing')
  const paths = doc.paths as Record<string, Record<string, Json>> | undefined
  if (!paths || Object.keys(paths).length === 0) problems.push('no paths')
  const operationIds = new Set<string>()
  for (const [path, item] of Object.entries(paths ?? {})) {
    if (!path.startsWith('/')) problems.push(`${path}: does not start with /`)
    const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) problems.push(`${path}: unknown method ${method}`)
      const responses = op.responses as Json | undefined
      if (!responses || Object.keys(responses).length === 0) problems.push(`${method} ${path}: no responses`)
      for (const code of Object.keys(responses ?? {}))
        if (!/^[1-5]\d\d$/.test(code)) problems.push(`${method} ${path}: bad status ${code}`)
      for (const response of Object.values(responses ?? {}) as Json[]) {
        if (!('$ref' in response) && typeof response.description !== 'string')
          problems.push(`${method} ${path}: response without description`)
      }
      const id = op.operationId as string
      if (operationIds.has(id)) problems.push(`duplicate operationId ${id}`)
      operationIds.add(id)
      const params = (op.parameters ?? []) as Json[]
      for (const name of templated) {
        if (!params.some((p) => p.in === 'path' && p.name === name && p.required === true))
          problems.push(`${method} ${path}: path parameter ${name} not declared`)
      }
      for (const p of params)
        if (!['path', 'query', 'header', 'cookie'].includes(p.in as string))
          problems.push(`${method} ${path}: bad parameter location`)
    }
  }
  for (const ref of refsIn(doc)) if (resolve(doc, ref) === undefined) problems.push(`unresolved $ref ${ref}`)
  return problems
}

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document describing every v1 auth, users and roles route, with component schemas', async () => {
    const res = await request(t.app).get('/api/openapi.json')
    expect(res.status).toBe(200)
    const doc = res.body as Json
    expect(problemsOf(doc)).toEqual([])
    const paths = doc.paths as Record<string, Json>
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/auth/me',
      '/api/v1/auth/password-reset/request',
      '/api/v1/users',
      '/api/v1/users/{id}',
      '/api/v1/roles/{id}',
    ]) {
      expect(paths).toHaveProperty([path])
    }
    const schemas = (doc.components as Json).schemas as Json
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['Error', 'User', 'UserCreate', 'Role']))
    // The same zod schema drives the docs: the create body requires what the route requires.
    expect((schemas.UserCreate as Json).required).toEqual(expect.arrayContaining(['name', 'email', 'password']))
    expect(JSON.stringify(schemas.User)).not.toContain('password')
  })
})

describe('GET /api/docs', () => {
  it('answers 200 with an HTML page whose assets are local (no external URL) and whose scripts load', async () => {
    const res = await request(t.app).get('/api/docs')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/html/)
    expect(res.text).not.toMatch(/https?:\/\//)
    expect(res.text).not.toMatch(/<script>(?!<\/script>)/) // no inline script: the CSP forbids it
    const sources = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '')
    expect(sources.length).toBeGreaterThanOrEqual(3)
    for (const source of sources) {
      const asset = await request(t.app).get(source)
      expect(asset.status, source).toBe(200)
    }
    const init = await request(t.app).get('/api/docs/init.js')
    expect(init.text).toContain('/api/openapi.json')
    expect(init.text).toContain('validatorUrl: null')
  })
})
