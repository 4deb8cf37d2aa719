import express, { type Request, type Response, type Router } from 'express'
import { z } from 'zod'
import { scopeOf } from '../../access/policy.js'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js'
import type { ResourceRecord } from '../../models/define-resource.js'
import { EMPLOYEE_DOCUMENT_FIELDS } from '../../models/employee.js'
import { employeeInput } from '../../models/employee-input.js'
import { employeeStats } from '../../models/employee-stats.js'
import { withStoredFiles } from '../../storage/with-stored-files.js'
import { route } from '../async-handler.js'
import { readMultipart } from '../multipart.js'
import { legacyEmployeeErrors } from './employee-errors.js'
import { legacyEmployeeExport } from './employee-export.js'
import { fromLegacy, toLegacy, withHistory } from './employee-shape.js'

// Seed 1's /employee routes for the existing frontend (Create Profile, My Profile, Manage Employees, the sidebar).
// Authorisation is the roles matrix (seed 1's HR check read a JWT field that was never set); differences are listed
// in docs/legacy-api.md.

const AllQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  department: z.string().max(100).optional(),
  branch: z.string().max(100).optional(),
  status: z.enum(['pending_review', 'approved', 'rejected', 'incomplete']).optional(),
  search: z.string().max(200).optional(),
})
const Reason = z.object({ reason: z.string().max(1000).optional() }).loose()

/** Seed 1's list showed `isActive` profiles; `status` was profileCompletionStatus ("approved" = active here). */
function allFilter(query: z.infer<typeof AllQuery>): Record<string, unknown> {
  const filter: Record<string, unknown> = { status: { $nin: ['deactivated', 'left'] } }
  if (query.department) filter.department = query.department
  if (query.branch) filter.branch = query.branch
  if (query.status) filter.status = query.status === 'approved' ? 'active' : query.status
  return filter
}

export function legacyEmployeesRouter(context: AppContext): Router {
  const router = express.Router()
  router.use(authenticate(context))
  const employees = context.resources.employees
  const actor = (req: Request) => principalOf(req).actor
  const requireAll = (req: Request) => {
    if (scopeOf(actor(req), 'read', 'employees') !== 'all') {
      throw new ForbiddenError('Access denied. Only HR personnel can perform this action.')
    }
  }
  /** The frontend sends the profile's `_id`; seed 1 expected the userId: both are accepted. */
  const find = async (req: Request, id: string): Promise<ResourceRecord> => {
    const byUser = await employees.list(actor(req), { page: 1, limit: 1, filter: { userId: id } })
    const own = byUser.items[0]
    if (own) return own
    if (!/^[0-9a-f]{24}$/i.test(id)) throw new NotFoundError('Profile not found')
    return employees.get(actor(req), id, { record: false }).catch(() => {
      throw new NotFoundError('Profile not found')
    })
  }

  router.get(
    '/all',
    route(async (req, res) => {
      requireAll(req)
      const query = AllQuery.parse(req.query)
      const { items, total } = await employees.list(actor(req), {
        page: query.page,
        limit: query.limit,
        filter: allFilter(query),
        ...(query.search ? { q: query.search } : {}),
      })
      const skip = (query.page - 1) * query.limit
      res.json({
        employees: items.map(toLegacy),
        pagination: {
          currentPage: query.page,
          totalPages: Math.ceil(total / query.limit),
          totalEmployees: total,
          hasNext: skip + items.length < total,
          hasPrev: query.page > 1,
        },
      })
    }),
  )

  router.get(
    '/profile/:id',
    route(async (req, res) => {
      const found = await find(req, String(req.params.id))
      const profile = await employees.get(actor(req), String(found._id))
      res.json({ profile: await withHistory(employees, actor(req), profile) })
    }),
  )

  router.post('/profile', route(createProfile(context)))

  router.put(
    '/update/:id',
    route(async (req, res) => {
      const current = await find(req, String(req.params.id))
      const body = (req.body ?? {}) as Record<string, unknown>
      const input = fromLegacy(body, current)
      const reason = typeof body.updateReason === 'string' ? body.updateReason : 'Profile update'
      const updated = await employees.update(actor(req), String(current._id), input, {
        reason,
        requireChange: true,
      })
      const changesCount = Object.keys(input).filter(
        (key) => JSON.stringify(updated[key]) !== JSON.stringify(current[key]),
      ).length
      res.json({
        message: 'Profile updated successfully',
        profile: await withHistory(employees, actor(req), updated),
        changesCount,
      })
    }),
  )

  router.delete(
    '/delete/:id',
    route(async (req, res) => {
      const current = await find(req, String(req.params.id))
      const reason = Reason.parse(req.body ?? {}).reason ?? 'Profile deactivated'
      const profile = await employees.transition(actor(req), String(current._id), { name: 'deactivate', reason })
      res.json({ message: 'Employee profile deactivated successfully', employeeId: profile.employeeId })
    }),
  )

  router.post(
    '/approve/:id',
    route(async (req, res) => {
      const current = await find(req, String(req.params.id))
      const reason = Reason.parse(req.body ?? {}).reason ?? 'Profile approved by HR'
      const profile = await employees.transition(actor(req), String(current._id), { name: 'approve', reason })
      res.json({ message: 'Employee profile approved successfully', profile: toLegacy(profile) })
    }),
  )

  router.get(
    '/stats',
    route(async (req, res) => {
      const stats = await employeeStats(employees, actor(req))
      const gone = stats.byStatus.filter((row) => row._id === 'deactivated' || row._id === 'left')
      res.json({
        totalEmployees: stats.total - gone.reduce((sum, row) => sum + row.count, 0),
        departmentStats: stats.byDepartment,
        branchStats: stats.byBranch,
        statusStats: stats.byStatus,
        recentJoinees: stats.recentJoiners,
      })
    }),
  )

  router.get('/export', route(legacyEmployeeExport(context)))
  router.use(legacyEmployeeErrors(context.logger))
  return router
}

/** POST /employee/profile: the caller's own profile, multipart with both photos, as the Create Profile page sends it. */
function createProfile(context: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = await readMultipart(req, res, {
      fileFields: [...EMPLOYEE_DOCUMENT_FIELDS],
      maxBytes: context.config.uploads.maxBytes,
    })
    // Every text field is checked before any file is stored.
    const input = employeeInput.parse(fromLegacy(body.fields))
    const missing = EMPLOYEE_DOCUMENT_FIELDS.filter((field) => !body.files.has(field))
    if (missing.length > 0) {
      throw new ValidationError(
        'Both employee photo and Aadhaar card photo are required',
        missing.map((path) => ({ path, message: 'is required' })),
      )
    }
    const files = EMPLOYEE_DOCUMENT_FIELDS.map((field) => ({
      field,
      ...(body.files.get(field) as { bytes: Buffer; originalName: string }),
    }))
    const me = principalOf(req).actor
    const profile = await withStoredFiles(context.storage, files, (stored) =>
      context.resources.employees.create(me, input, { internal: { ...stored } }),
    )
    res.status(201).json({ message: 'Employee profile created successfully', profile: toLegacy(profile) })
  }
}
