import express, { type Request, type Router } from 'express'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { NotFoundError } from '../../errors.js'
import { route } from '../async-handler.js'
import { fromLegacyInvoice, toLegacyInvoice } from './invoice-shapes.js'

// Seed 1's /invoice CRUD, now behind a token and the roles matrix (seed 1 had no auth at all). Invoices made here
// are proformas (editable, series PI); numbers and totals come from the server. DELETE moves to the trash.

export function legacyInvoicesRouter(context: AppContext): Router {
  const router = express.Router()
  router.use(authenticate(context))
  const { invoices } = context.resources
  const actor = (req: Request) => principalOf(req).actor

  router.post(
    '/',
    route(async (req, res) => {
      const created = await invoices.create(actor(req), { kind: 'proforma', ...fromLegacyInvoice(req.body) })
      res.status(201).json(toLegacyInvoice(created))
    }),
  )

  router.get(
    '/',
    route(async (req, res) => {
      const { items } = await invoices.list(actor(req), { page: 1, limit: 1000, sort: { createdAt: -1 } })
      res.json(items.map(toLegacyInvoice))
    }),
  )

  router.get(
    '/:id',
    route<{ id: string }>(async (req, res) => {
      res.json(toLegacyInvoice(await invoices.get(actor(req), req.params.id)))
    }),
  )

  router.put(
    '/:id',
    route<{ id: string }>(async (req, res) => {
      res.json(toLegacyInvoice(await invoices.update(actor(req), req.params.id, fromLegacyInvoice(req.body))))
    }),
  )

  router.delete(
    '/:id',
    route<{ id: string }>(async (req, res) => {
      await invoices.trash(actor(req), req.params.id, { reason: 'deleted on the legacy invoice page' })
      res.json({ message: 'Invoice deleted' })
    }),
  )

  router.use((_req, _res, next) => {
    next(new NotFoundError('Invoice not found'))
  })
  return router
}
