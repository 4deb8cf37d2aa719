import { readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { CATALOGUE } from '../../src/models/catalogue.js'
import type { CatalogueCase } from './walk.js'

// Every declared resource of seed 2's catalogue is walked by the table-driven test (walk.ts). The resources that came
// before the catalogue have suites of their own (tests/api, tests/leads, tests/payments, tests/invoices).

const WALKED_ELSEWHERE = new Set([
  'bookings',
  'services',
  'employees',
  'payment-links',
  'payment-qrs',
  'invoices',
  'leads',
])

const casesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cases')

async function allCases(): Promise<CatalogueCase[]> {
  const files = readdirSync(casesDir).filter((file) => file.endsWith('.ts'))
  const modules = await Promise.all(
    files.map(async (file) => (await import(path.join(casesDir, file))) as { cases: readonly CatalogueCase[] }),
  )
  return modules.flatMap((module) => module.cases)
}

describe('catalogue coverage', () => {
  it('walks every declared catalogue resource', async () => {
    const walked = new Set((await allCases()).map((entry) => entry.resource))
    const declared = Object.values(CATALOGUE).map((def) => def.resource as string)
    const missing = declared.filter((resource) => !WALKED_ELSEWHERE.has(resource) && !walked.has(resource))
    expect(missing).toEqual([])
  })
})
