import type { Agenda } from 'agenda'
import { AgendashController } from 'agendash'
import express, { type Request, type Response, type Router } from 'express'
import { z } from 'zod'
import type { Actor } from '../access/actor.js'
import type { AuditAction } from '../audit/audit-entry.js'
import type { AppContext } from '../app-context.js'
import { requiredText, text } from '../models/fields/text.js'
import { auditOperatorAction } from './operator-audit.js'
import { jobRunModel } from './run-history.js'

// Agendash's write routes, answered here instead of by Agendash: the same paths and answers, plus input checks and
// one audit entry per job naming the operator. Only actors with `run` on `job-runs` get this far (dashboard.ts).

const JobIds = z.object({
  jobIds: z
    .array(z.string().regex(/^[0-9a-f]{24}$/i, 'must be a job id'))
    .min(1)
    .max(100),
})

const CreateJob = z.object({
  jobName: requiredText(100),
  jobSchedule: text(100).optional(),
  jobRepeatEvery: text(100).optional(),
  jobData: z.record(z.string(), z.unknown()).optional(),
})

interface Operation {
  readonly agenda: Agenda
  readonly context: AppContext
  readonly actor: Actor
}

/** The body @adminjs/express's form parser (express-formidable) read: JSON and form fields alike land here. */
function bodyOf(req: Request): unknown {
  return (req as Request & { fields?: unknown }).fields ?? req.body
}

async function jobsOf(agenda: Agenda, ids: string[]): Promise<Array<{ id: string; name: string; data: unknown }>> {
  const { jobs } = await agenda.queryJobs({ ids, limit: ids.length })
  return jobs.map((job) => ({ id: String(job._id), name: job.name, data: job.data }))
}

/** Runs a bulk action through Agendash's own controller, then audits it for every job it named. */
function bulk(
  action: AuditAction,
  run: (controller: AgendashController, ids: string[]) => Promise<unknown>,
): (op: Operation, req: Request) => Promise<unknown> {
  return async (op, req) => {
    const { jobIds } = JobIds.parse(bodyOf(req))
    const jobs = await jobsOf(op.agenda, jobIds)
    const result = await run(new AgendashController(op.agenda), jobIds)
    for (const job of jobs) await auditOperatorAction(op.context, op.actor, { action, jobId: job.id, job: job.name })
    return result
  }
}

/** A copy of each job, queued for now, that remembers the run (or, for a job that never ran, the job) it came from. */
async function requeue(op: Operation, req: Request): Promise<unknown> {
  const { jobIds } = JobIds.parse(bodyOf(req))
  const runs = jobRunModel(op.context.db.connection)
  let requeuedCount = 0
  for (const source of await jobsOf(op.agenda, jobIds)) {
    const lastRun = await runs.findOne({ jobId: source.id }, { _id: 1 }).sort({ startedAt: -1 }).lean()
    const copy = op.agenda.create(source.name, source.data)
    const from = lastRun?._id ?? source.id
    Object.assign(copy.attrs, { requeuedFrom: from })
    await copy.save()
    await auditOperatorAction(op.context, op.actor, {
      action: 'requeue',
      jobId: String(copy.attrs._id),
      job: source.name,
      changes: [{ path: 'requeuedFrom', after: { job: source.id, run: lastRun?._id ?? null } }],
      reason: `requeued from job ${source.id}${lastRun ? `, run ${lastRun._id}` : ''}`,
    })
    requeuedCount += 1
  }
  return { requeuedCount }
}

/** Only declared jobs can be created: a job nobody defined would sit in the queue forever. */
async function create(op: Operation, req: Request): Promise<unknown> {
  const input = CreateJob.parse(bodyOf(req))
  const known = op.context.jobs.definitions.some((definition) => definition.name === input.jobName)
  if (!known) {
    throw new z.ZodError([
      { code: 'custom', path: ['jobName'], message: `is not a job of this app`, input: input.jobName },
    ])
  }
  const data = input.jobData ?? {}
  const job = input.jobRepeatEvery
    ? await op.agenda.every(input.jobRepeatEvery, input.jobName, data, { timezone: op.context.config.jobs.timezone })
    : input.jobSchedule
      ? await op.agenda.schedule(input.jobSchedule, input.jobName, data)
      : await op.agenda.now(input.jobName, data)
  await auditOperatorAction(op.context, op.actor, {
    action: 'create',
    jobId: String(job.attrs._id),
    job: input.jobName,
    changes: [
      { path: 'data', after: data },
      ...(input.jobRepeatEvery ? [{ path: 'repeatEvery', after: input.jobRepeatEvery }] : []),
      ...(input.jobSchedule ? [{ path: 'schedule', after: input.jobSchedule }] : []),
    ],
  })
  return { created: true }
}

export const WRITE_ROUTES: Readonly<Record<string, (op: Operation, req: Request) => Promise<unknown>>> = {
  requeue,
  create,
  retry: bulk('run-now', (controller, ids) => controller.retryJobs(ids)),
  delete: bulk('delete', (controller, ids) => controller.deleteJobs(ids)),
  pause: bulk('pause', (controller, ids) => controller.pauseJobs(ids)),
  resume: bulk('resume', (controller, ids) => controller.resumeJobs(ids)),
}

function sendError(res: Response, error: unknown, context: AppContext): void {
  if (error instanceof z.ZodError) {
    const details = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
    res.status(400).json({ error: details.map((d) => `${d.path}: ${d.message}`).join('; '), details })
    return
  }
  context.logger.error('job dashboard action failed', { error })
  res.status(500).json({ error: 'The action failed' })
}

/** POST /api/jobs/<action>, answered as Agendash would. */
export function writeRoutes(context: AppContext, agenda: () => Agenda, actorOf: (req: Request) => Actor): Router {
  const router = express.Router()
  for (const [name, handler] of Object.entries(WRITE_ROUTES)) {
    router.post(`/api/jobs/${name}`, (req, res) => {
      handler({ agenda: agenda(), context, actor: actorOf(req) }, req).then(
        (result) => res.json(result),
        (error: unknown) => {
          sendError(res, error, context)
        },
      )
    })
  }
  return router
}
