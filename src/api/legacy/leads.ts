import express, { type Request, type Router } from 'express'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { ConflictError, ValidationError } from '../../errors.js'
import { ingestForm } from '../../leads/form-intake.js'
import type { ResourceRecord } from '../../models/define-resource.js'
import { route } from '../async-handler.js'
import { intakeLimit } from '../leads/intake-routes.js'

// Seed 1's /email and /leads routes (both on its one `email` collection, now the Lead resource). Only the form post
// stays public; every read and write needs a token and the roles matrix. Differences: docs/legacy-api.md.

/** Seed 1's editable keys; anything else in a body is ignored, as Mongoose strict mode ignored it there. */
const LEGACY_FIELDS = ['name', 'companyName', 'phoneNumber', 'email', 'location', 'service', 'message', 'assignedTo']
const ALL = 10_000

/** Seed 1 showed an unowned lead as `assignedTo: "unassigned"`. */
export function legacyLead(record: ResourceRecord): ResourceRecord {
  return { ...record, assignedTo: record.assignedTo ?? 'unassigned' }
}

function legacyFields(body: unknown): ResourceRecord {
  const source = (body ?? {}) as Record<string, unknown>
  const fields = Object.fromEntries(LEGACY_FIELDS.filter((key) => key in source).map((key) => [key, source[key]]))
  if (fields.assignedTo === 'unassigned' || fields.assignedTo === '') fields.assignedTo = null
  return fields
}

/** `/email/add`: the public website form. */
export function legacyEmailAddRouter(context: AppContext): Router {
  const router = express.Router()
  router.post(
    '/add',
    intakeLimit(context),
    route(async (req, res) => {
      const result = await ingestForm(context, req.body, req.ip ?? 'unknown')
      const created = result.stored ? legacyLead(result.lead) : { _id: result.id }
      res.status(201).json({ message: 'Email entry created', id: created._id, created })
    }),
  )
  return router
}

/** `/email/...` reads and edits of raw leads. */
export function legacyEmailRouter(context: AppContext): Router {
  const router = express.Router()
  router.use(authenticate(context))
  const leads = context.resources.leads
  const actor = (req: Request) => principalOf(req).actor
  router.get(
    '/all',
    route(async (req, res) => {
      const { items } = await leads.list(actor(req), { page: 1, limit: ALL, sort: { createdAt: -1 } })
      res.json(items.map(legacyLead))
    }),
  )
  router.get(
    '/:id',
    route<{ id: string }>(async (req, res) => {
      res.json(legacyLead(await leads.get(actor(req), req.params.id)))
    }),
  )
  router.patch(
    '/:id',
    route<{ id: string }>(async (req, res) => {
      const updated = await leads.update(actor(req), req.params.id, legacyFields(req.body))
      res.json({ message: 'Updated successfully', updated: legacyLead(updated) })
    }),
  )
  router.delete(
    '/:id',
    route<{ id: string }>(async (req, res) => {
      await leads.trash(actor(req), req.params.id)
      res.json({ message: 'Deleted successfully' })
    }),
  )
  return router
}

/** `/leads/...`: the unassigned queue and its edits. */
export function legacyLeadsRouter(context: AppContext): Router {
  const router = express.Router()
  router.use(authenticate(context))
  const leads = context.resources.leads
  const actor = (req: Request) => principalOf(req).actor
  router.get(
    '/all',
    route(async (req, res) => {
      const query = { page: 1, limit: ALL, sort: { createdAt: -1 as const }, filter: { assignedTo: null } }
      res.json((await leads.list(actor(req), query)).items.map(legacyLead))
    }),
  )
  router.patch(
    '/edit/:id',
    route<{ id: string }>(async (req, res) => {
      const updated = await leads.update(actor(req), req.params.id, legacyFields(req.body))
      res.json({ message: 'Lead updated', updated: legacyLead(updated) })
    }),
  )
  router.patch(
    '/trash/:id',
    route<{ id: string }>(async (req, res) => {
      const lead = await leads.trash(actor(req), req.params.id)
      res.json({ message: 'Lead moved to trash', lead: legacyLead(lead) })
    }),
  )
  router.delete(
    '/delete/:id',
    route<{ id: string }>(async (req, res) => {
      try {
        await leads.destroy(actor(req), req.params.id)
      } catch (error) {
        if (error instanceof ConflictError) throw new ValidationError('Move this lead to trash before deleting it.')
        throw error
      }
      res.json({ message: 'Lead permanently deleted' })
    }),
  )
  return router
}
