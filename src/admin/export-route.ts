import type { RequestHandler } from 'express'
import { route } from '../api/async-handler.js'
import { streamCsv } from '../api/crud/export-csv.js'
import { ForbiddenError } from '../errors.js'
import type { ResourceService } from '../models/bind-resource.js'
import { currentActor } from '../request-context.js'
import { adminFilter, adminSort } from './admin-filter.js'
import { unflatten } from './flat-params.js'

/**
 * GET /admin/export/:resourceId: the list's CSV, with the list's own query string (`filters.*`, `sortBy`,
 * `direction`). The REST export's code does the rest: the export scope and masks of the model layer, a cursor, and
 * a writer that waits for the client (memory stays flat whatever the row count).
 */
export function exportRoute(services: ReadonlyMap<string, ResourceService>): RequestHandler<{ resourceId: string }> {
  return route<{ resourceId: string }>(async (req, res) => {
    const actor = currentActor()
    if (!actor) throw new ForbiddenError('Sign in again')
    const service = services.get(req.params.resourceId)
    if (!service) throw new ForbiddenError('No such export')
    // `filters.date~~from` becomes { filters: { date: { from } } }, as AdminJS's Filter reads it.
    const query = unflatten(req.query)
    const filters = query.filters && typeof query.filters === 'object' ? (query.filters as Record<string, unknown>) : {}
    const sort = adminSort(service.def, query.sortBy, query.direction)
    const rows = service.exportRows(actor, {
      page: 1,
      limit: 0,
      filter: adminFilter(service.def, filters),
      ...(sort ? { sort } : {}),
    })
    await streamCsv(res, `${service.def.resource}.csv`, service.def.exportColumns, rows)
  })
}
