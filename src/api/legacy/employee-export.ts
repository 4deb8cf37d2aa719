import type { Request, Response } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { principalOf } from '../../auth/authenticate.js'
import { csvLine } from '../crud/csv.js'
import { toLegacy } from './employee-shape.js'

// GET /employee/export: seed 1's JSON `{ employees, count }` or its 11-column CSV, now escaped (formula-safe), masked
// per the caller's grants and limited to those with the export grant.

const ExportQuery = z.object({
  format: z.enum(['json', 'csv']).default('json'),
  department: z.string().max(100).optional(),
  branch: z.string().max(100).optional(),
})

const HEADERS = [
  'Employee ID',
  'Full Name',
  'Designation',
  'Department',
  'Branch',
  'Personal Email',
  'Work Email',
  'Personal Phone',
  'Work Phone',
  'Date of Joining',
  'Reporting Manager',
]
const COLUMNS = [
  'employeeId',
  'employeeFullName',
  'designation',
  'department',
  'branch',
  'personalEmailAddress',
  'workEmail',
  'personalContactNumber',
  'workPhoneNumber',
  'dateOfJoining',
  'reportingManager',
]

function day(value: unknown): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : ''
}

export function legacyEmployeeExport(context: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = ExportQuery.parse(req.query)
    const filter: Record<string, unknown> = { status: { $nin: ['deactivated', 'left'] } }
    if (query.department) filter.department = query.department
    if (query.branch) filter.branch = query.branch
    const rows = context.resources.employees.exportRows(principalOf(req).actor, {
      page: 1,
      limit: 0,
      filter,
      sort: { employeeId: 1 },
      fields: [...context.resources.employees.def.exportColumns, 'userId', 'createdAt'],
    })
    if (query.format === 'json') {
      const employees = []
      for await (const row of rows) employees.push(toLegacy(row))
      res.json({ employees, count: employees.length })
      return
    }
    res.setHeader('Content-Type', 'text/csv; charset=utf-8')
    res.setHeader('Content-Disposition', 'attachment; filename=employees.csv')
    res.write(csvLine(HEADERS))
    for await (const row of rows) {
      res.write(csvLine(COLUMNS.map((column) => (column === 'dateOfJoining' ? day(row[column]) : row[column]))))
    }
    res.end()
  }
}
