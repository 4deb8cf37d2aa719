import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { xlsxRows } from '../../src/imports/xlsx-rows.js'
import type { SheetRow } from '../../src/imports/sheet-row.js'

// exceljs stores xl/workbook.xml last; its one-pass streaming reader intermittently lost that entry and threw
// "reading 'sheets'" (exceljs#3064, a 500 on import). The reader now goes through the zip's central directory, so
// the order of the parts in the file no longer matters. Two sheets made the old race fire most often.

let dir: string

async function workbookFile(name: string, build: (workbook: ExcelJS.Workbook) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook()
  build(workbook)
  const file = join(dir, name)
  await writeFile(file, Buffer.from(await workbook.xlsx.writeBuffer()))
  return file
}

async function rowsOf(file: string): Promise<SheetRow[]> {
  const rows: SheetRow[] = []
  for await (const row of xlsxRows(file)) rows.push(row)
  return rows
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xlsx-rows-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('xlsxRows', () => {
  it('reads the first tab of a two-sheet workbook, with shared strings and dates, every time', async () => {
    const file = await workbookFile('two.xlsx', (workbook) => {
      const first = workbook.addWorksheet('Bookings')
      first.addRow(['company_name', 'date', 'total_amount'])
      first.addRow(['XL ONE', new Date('2025-11-03'), 12000])
      workbook.addWorksheet('Notes').addRow(['not', 'this', 'one'])
    })
    for (let i = 0; i < 25; i += 1) {
      const rows = await rowsOf(file)
      expect(rows).toEqual([
        { line: 1, cells: ['company_name', 'date', 'total_amount'] },
        { line: 2, cells: ['XL ONE', new Date('2025-11-03'), 12000] },
      ])
    }
  })

  it('a file that is not a zip is a 400-class error naming the file', async () => {
    const file = join(dir, 'broken.xlsx')
    await writeFile(file, 'PK\u0003\u0004 not really a zip')
    await expect(rowsOf(file)).rejects.toMatchObject({
      details: [{ path: 'file', message: 'is not a readable XLSX file' }],
    })
  })
})
