import { readdirSync } from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../src/audit/audit-entry.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'

let t: TestApp
let srdev: TestUser
beforeAll(async () => {
  // A small cap so the 413 test needs no big file.
  t = await buildTestApp('wire_import', { env: { IMPORT_MAX_BYTES: String(64 * 1024) } })
  srdev = await createUser(t, { role: 'srdev', name: 'Sunita Dev' })
})
afterAll(async () => {
  await t.close()
})

const api = () => request(t.app)
let batch = 0
/** A prefix no other test's rows share, so counts are of this test's rows only. */
const tag = () => `imp${++batch}x${Date.now().toString(36)}`

function upload(url: string, token: string, content: string | Buffer, filename: string) {
  return api()
    .post(url)
    .set('authorization', token)
    .attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content), filename)
}

async function servicesTagged(prefix: string): Promise<Array<Record<string, unknown>>> {
  return t.context.resources.services.model.collection.find({ value: { $regex: `^${prefix}` } }).toArray()
}

async function entriesOf(importId: string): Promise<AuditEntry[]> {
  return t.context.resources.audit.find({ importId }).lean<AuditEntry[]>()
}

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Sheet1')
  for (const row of rows) sheet.addRow(row)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

describe('POST /api/v1/<resource>/import with a CSV file', () => {
  it('a dry run reports every bad row by line and field and writes nothing', async () => {
    const p = tag()
    const csv = [
      'label,value,status',
      `Good one,${p}-a,true`,
      `,${p}-b,yes`, // line 3: label missing
      `Third,${p}-c,maybe`, // line 4: status is not a boolean
      '',
      `"Quoted, with comma",${p}-d,no`,
    ].join('\r\n')
    const res = await upload('/api/v1/services/import?dryRun=true', srdev.token, csv, 'services.csv')
    expect(res.status).toBe(200)
    expect(res.body.success).toBe(true)
    expect(res.body.message).toBe('Checked 4 rows: 2 bad')
    expect(res.body.data).toMatchObject({ dryRun: true, total: 4, written: 0, badRows: 2, badCount: 2 })
    expect(res.body.data.bad).toEqual([
      { line: 3, field: 'label', message: expect.any(String) },
      { line: 4, field: 'status', message: expect.any(String) },
    ])
    expect(await servicesTagged(p)).toHaveLength(0)
    expect(await entriesOf(res.body.data.importId)).toHaveLength(0)
  })

  it('a dry run also reports values of unique fields already stored (the write would be a 409)', async () => {
    const p = tag()
    await t.context.resources.services.create({ kind: 'job', name: 'test.seed' }, { label: 'Old', value: `${p}-old` })
    const res = await upload('/api/v1/services/import?dryRun=true', srdev.token, `label,value\nNew,${p}-old\n`, 's.csv')
    expect(res.body.data.bad).toEqual([{ line: 2, field: 'value', message: 'is already taken' }])
    expect(await servicesTagged(p)).toHaveLength(1)
  })

  it('all-or-nothing (the default) with a bad row: 400 naming line and field, nothing written', async () => {
    const p = tag()
    const csv = `label,value\nFirst,${p}-a\nSecond,\nThird,${p}-c\n`
    const res = await upload('/api/v1/services/import', srdev.token, csv, 'services.csv')
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ success: false, code: 'VALIDATION_FAILED' })
    expect(res.body.details).toEqual([{ path: 'rows.3.value', message: expect.any(String) }])
    expect(res.body.data).toMatchObject({ mode: 'all-or-nothing', total: 3, written: 0, badRows: 1 })
    expect(await servicesTagged(p)).toHaveLength(0)
    expect(await entriesOf(res.body.data.importId)).toHaveLength(0)
  })

  it('valid-only writes the valid rows, reports the bad ones, and every audit entry carries the one import id', async () => {
    const p = tag()
    const csv = `label,value,status\nA,${p}-a,true\nB,${p}-b,false\nC,,true\nD,${p}-d,1\n`
    const res = await upload('/api/v1/services/import?mode=valid-only', srdev.token, csv, 'services.csv')
    expect(res.status).toBe(201)
    expect(res.body.message).toBe('Imported 3 of 4 rows')
    expect(res.body.data).toMatchObject({ total: 4, written: 3, badRows: 1 })
    expect(res.body.data.bad).toEqual([{ line: 4, field: 'value', message: expect.any(String) }])
    const stored = await servicesTagged(p)
    expect(stored.map((s) => [s.value, s.status]).sort()).toEqual([
      [`${p}-a`, true],
      [`${p}-b`, false],
      [`${p}-d`, true],
    ])
    const entries = await entriesOf(res.body.data.importId)
    expect(entries).toHaveLength(3)
    expect(entries.map((e) => e.documentId.toHexString()).sort()).toEqual(stored.map((s) => String(s._id)).sort())
    for (const entry of entries) {
      expect(entry).toMatchObject({ action: 'create', resource: 'services', actor: { kind: 'user', id: srdev.id } })
    }
  })

  it('all-or-nothing: a write failing midway (a duplicate within the file) removes the rows already written, audited', async () => {
    const p = tag()
    const rows = Array.from({ length: 55 }, (_, i) => `Row ${i},${p}-${i}`)
    rows.push(`Again,${p}-5`) // line 57 repeats line 7's value, in the second batch: only the write can tell
    const res = await upload('/api/v1/services/import', srdev.token, `label,value\n${rows.join('\n')}\n`, 'dup.csv')
    expect(res.status).toBe(400)
    expect(res.body.data.written).toBe(0)
    expect(res.body.data.rolledBack).toBe(55)
    expect(res.body.data.bad).toEqual([{ line: 57, field: 'value', message: 'is already taken' }])
    expect(await servicesTagged(p)).toHaveLength(0)
    const entries = await entriesOf(res.body.data.importId)
    const actions = entries.map((e) => e.action)
    expect(actions.filter((a) => a === 'create')).toHaveLength(55)
    expect(actions.filter((a) => a === 'trash')).toHaveLength(55)
    expect(actions.filter((a) => a === 'destroy')).toHaveLength(55)
    expect(entries.find((e) => e.action === 'destroy')?.reason).toMatch(/rolled back: line 57: value/)
  })

  it('a header naming no field of the resource is a 400 naming it; nothing is written', async () => {
    const p = tag()
    const res = await upload('/api/v1/services/import', srdev.token, `label,value,colour\nA,${p}-a,red\n`, 'x.csv')
    expect(res.status).toBe(400)
    expect(res.body.details).toEqual([{ path: 'colour', message: 'is not a field of services' }])
    expect(await servicesTagged(p)).toHaveLength(0)
  })
})

describe('POST /api/v1/<resource>/import with an XLSX file', () => {
  it('reads numbers, dates and lists (a;b) and writes bookings, each audited with the import id', async () => {
    const file = await xlsx([
      ['company_name', 'contact_person', 'email', 'contact_no', 'services', 'total_amount', 'term_1', 'date'],
      ['XL ONE', 'Asha', 'asha@example.com', 9876543210, 'GST;MSME', 12000, 2000, new Date('2025-11-03')],
      ['XL TWO', 'Ravi', 'ravi@example.com', '9876500000', 'Trademark', 5000, 0, '2025-11-04'],
    ])
    const withRequired = await xlsx([
      ['branch_name', 'state', 'contact_person', 'email', 'contact_no', 'services', 'total_amount', 'term_1', 'date'],
      [
        'Noida 402',
        'Uttar Pradesh',
        'Asha',
        'asha@example.com',
        9876543210,
        'GST;MSME',
        12000,
        2000,
        new Date('2025-11-03'),
      ],
      ['Noida 402', 'Uttar Pradesh', 'Ravi', 'ravi@example.com', '9876500000', 'Trademark', 5000, 0, '2025-11-04'],
    ])
    const refused = await upload('/api/v1/bookings/import?dryRun=true', srdev.token, file, 'bookings.xlsx')
    expect(refused.status).toBe(200)
    expect(refused.body.data.bad).toEqual(
      expect.arrayContaining([
        { line: 2, field: 'branch_name', message: expect.any(String) },
        { line: 3, field: 'state', message: expect.any(String) },
      ]),
    )
    const res = await upload('/api/v1/bookings/import', srdev.token, withRequired, 'bookings.xlsx')
    expect(res.status).toBe(201)
    expect(res.body.data).toMatchObject({ total: 2, written: 2, badRows: 0, bad: [] })
    const entries = await entriesOf(res.body.data.importId)
    expect(entries).toHaveLength(2)
    const ids = entries.map((e) => e.documentId)
    const stored = await t.context.resources.bookings.model.collection.find({ _id: { $in: ids } }).toArray()
    const asha = stored.find((b) => b.contact_person === 'Asha')
    expect(asha).toMatchObject({
      services: ['GST', 'MSME'],
      total_amount: 12000,
      received_amount: 2000,
      contact_no: '9876543210',
      user_id: srdev.id,
    })
    expect((asha?.date as Date).toISOString()).toBe('2025-11-03T00:00:00.000Z')
  })

  it('a dry run of an XLSX reports bad rows by row number and field and writes nothing', async () => {
    const p = tag()
    const file = await xlsx([
      ['name', 'code'],
      [`${p} Ops`, 'OP'],
      [`${p} Bad`, 'TOOLONG'],
      [null, 'QQ'],
    ])
    const res = await upload('/api/v1/departments/import?dryRun=true', srdev.token, file, 'departments.xlsx')
    expect(res.status).toBe(200)
    expect(res.body.data).toMatchObject({ total: 3, written: 0, badRows: 2 })
    expect(res.body.data.bad).toEqual([
      { line: 3, field: 'code', message: 'must be 2 to 4 letters' },
      { line: 4, field: 'name', message: expect.any(String) },
    ])
    const stored = await t.context.resources.departments.model.collection.countDocuments({ name: /^imp/ })
    expect(stored).toBe(0)
  })
})

describe('import refusals', () => {
  it('a file over IMPORT_MAX_BYTES is 413 and leaves no temporary file', async () => {
    const p = tag()
    const big = `label,value\n${Array.from({ length: 4000 }, (_, i) => `Label ${i},${p}-${i}`).join('\n')}\n`
    expect(big.length).toBeGreaterThan(64 * 1024)
    const res = await upload('/api/v1/services/import', srdev.token, big, 'big.csv')
    expect(res.status).toBe(413)
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE')
    expect(await servicesTagged(p)).toHaveLength(0)
    expect(readdirSync(path.join(t.config.dataDir, 'tmp', 'imports'))).toEqual([])
  })

  it('a file that is neither CSV nor XLSX is 415, and so is a body that is not multipart', async () => {
    const pdf = Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n', 'latin1')
    const res = await upload('/api/v1/services/import', srdev.token, pdf, 'list.pdf')
    expect(res.status).toBe(415)
    expect(res.body.details).toEqual([{ path: 'file', message: 'must be a CSV or XLSX file' }])
    const json = await api().post('/api/v1/services/import').set('authorization', srdev.token).send({ rows: [] })
    expect(json.status).toBe(415)
  })

  it('a zip that is not a readable XLSX is 400 naming the file, and nothing is written', async () => {
    const p = tag()
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(`${p} is not a workbook`)])
    const res = await upload('/api/v1/services/import', srdev.token, broken, 'services.xlsx')
    expect(res.status).toBe(400)
    expect(res.body.details).toEqual([{ path: 'file', message: 'is not a readable XLSX file' }])
    expect(await servicesTagged(p)).toHaveLength(0)
  })

  it('a role without the create grant is refused (403) and nothing is written', async () => {
    const p = tag()
    const user = await createUser(t, { role: 'user' })
    const res = await upload('/api/v1/services/import', user.token, `label,value\nA,${p}-a\n`, 's.csv')
    expect(res.status).toBe(403)
    expect(await servicesTagged(p)).toHaveLength(0)
    const template = await api().get('/api/v1/services/import/template.csv').set('authorization', user.token)
    expect(template.status).toBe(403)
  })

  it('the template is the header row of the create input', async () => {
    const res = await api().get('/api/v1/services/import/template.csv').set('authorization', srdev.token)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/text\/csv/)
    expect(res.text).toBe('label,value,status\r\n')
  })
})
