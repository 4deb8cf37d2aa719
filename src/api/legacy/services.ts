import express, { type Request, type Router } from 'express'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { NotFoundError } from '../../errors.js'
import type { ResourceRecord } from '../../models/define-resource.js'
import { route } from '../async-handler.js'

// Seed 1's /services/api/services for the existing frontends. Every route needs a token now (seed 1's POST did
// not); who may write comes from the roles matrix; DELETE moves to the trash. See docs/legacy-api.md.

/** The v1 frontend sends `name` for the label. */
function serviceFields(body: unknown): Record<string, unknown> {
  const source = (body ?? {}) as Record<string, unknown>
  const fields: Record<string, unknown> = {}
  const label = source.label ?? source.name
  if (label !== undefined) fields.label = label
  if (source.value !== undefined) fields.value = source.value
  if (source.status !== undefined) fields.status = source.status
  return fields
}

/** The v1 frontend reads `name` (Manage Services, the booking form's dropdown); newer clients read `label`. */
function legacyService(record: ResourceRecord): ResourceRecord {
  return { ...record, name: record.label }
}

export function legacyServicesRouter(context: AppContext): Router {
  const router = express.Router()
  router.use(authenticate(context))
  const services = context.resources.services
  const actor = (req: Request) => principalOf(req).actor

  router.get(
    '/',
    route(async (req, res) => {
      const { items } = await services.list(actor(req), { page: 1, limit: 10_000, sort: { label: 1 } })
      if (items.length === 0) throw new NotFoundError('No services found')
      res.json(items.map(legacyService))
    }),
  )

  router.post(
    '/',
    route(async (req, res) => {
      const Service = await services.create(actor(req), serviceFields(req.body))
      res.status(201).json({ message: 'Service created successfully', Service: legacyService(Service) })
    }),
  )

  router.patch(
    '/:id',
    route<{ id: string }>(async (req, res) => {
      const service = await services.update(actor(req), req.params.id, serviceFields(req.body))
      res.json({ message: 'Service updated successfully', service: legacyService(service) })
    }),
  )

  router.delete(
    '/:id',
    route<{ id: string }>(async (req, res) => {
      const service = await services.trash(actor(req), req.params.id)
      res.json({ message: 'Service deleted successfully', service: legacyService(service) })
    }),
  )

  return router
}
