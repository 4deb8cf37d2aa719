import express, { type Router } from 'express'
import { z } from 'zod'
import type { AppContext } from '../../app-context.js'
import { authenticate, principalOf } from '../../auth/authenticate.js'
import { getRun, JobRunOut, JobRunQuery, listRuns } from '../../jobs/run-queries.js'
import type { OpenApiRegistry } from '../../openapi/registry.js'
import { defineRoute } from '../define-route.js'
import { sendData } from '../envelope.js'

const RunParams = z.object({ id: z.string().max(100).meta({ description: 'The run id' }) })

/** /api/v1/job-runs: the background jobs' run history, read-only (`/api/v1/jobs` is seed 2's job postings). */
export function jobRunsRouter(context: AppContext, registry: OpenApiRegistry): Router {
  const router = express.Router()
  router.use(authenticate(context))
  const target = { router, registry, base: '/api/v1/job-runs' }
  registry.component('JobRun', JobRunOut, 'output')

  defineRoute(
    target,
    {
      method: 'get',
      path: '/',
      tag: 'jobs',
      auth: true,
      summary: 'Runs of the background jobs, newest first (kept 90 days)',
      query: JobRunQuery,
      response: z.array(JobRunOut),
      errors: [400, 403],
    },
    async (req, res) => {
      const query = JobRunQuery.parse(req.query)
      const { runs, total } = await listRuns(context, principalOf(req).actor, query)
      sendData(res, runs, { meta: { page: query.page, limit: query.limit, total } })
    },
  )

  defineRoute(
    target,
    {
      method: 'get',
      path: '/:id',
      tag: 'jobs',
      auth: true,
      summary: 'One run',
      params: RunParams,
      response: JobRunOut,
      errors: [403, 404],
    },
    async (req, res) => {
      sendData(res, await getRun(context, principalOf(req).actor, RunParams.parse(req.params).id))
    },
  )
  return router
}
