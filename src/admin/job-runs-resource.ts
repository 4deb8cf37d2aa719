import type { ResourceWithOptions } from 'adminjs'
import type { Actor } from '../access/actor.js'
import { can } from '../access/policy.js'
import type { AppContext } from '../app-context.js'
import { ForbiddenError } from '../errors.js'
import { jobRunModel, RUN_OUTCOMES, type RunOutcome } from '../jobs/run-history.js'
import { getRun, runFilter } from '../jobs/run-queries.js'
import type { AdminRecord, AdminStore } from './admin-store.js'
import { PolicyResource } from './policy-resource.js'
import { gatedActions } from './resource-options.js'

// The run history in the panel: read-only, filtered by job, outcome and start date, newest first. The same reads as
// GET /api/v1/job-runs (src/jobs/run-queries.ts), so the `job-runs` read permission decides here too.

const RUN_ACTIONS: Readonly<Record<string, 'read'>> = { list: 'read', search: 'read', show: 'read' }

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value === '') return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date
}

/** AdminJS's filter values (a date range arrives as `{ from, to }`) as the run history's filter. */
export function runFilterOf(values: Record<string, unknown>): Record<string, unknown> {
  const range = (values.startedAt ?? {}) as { from?: unknown; to?: unknown }
  const outcome: RunOutcome | undefined = RUN_OUTCOMES.find((o) => o === values.outcome)
  return runFilter({
    job: typeof values.job === 'string' && values.job !== '' ? values.job : undefined,
    outcome,
    from: dateOf(range.from),
    to: dateOf(range.to),
  })
}

function jobRunsStore(context: AppContext): AdminStore {
  const refuse = (): Promise<never> => Promise.reject(new ForbiddenError('The run history is written by the jobs'))
  return {
    resource: 'job-runs',
    policyActionOf: (adminAction) => RUN_ACTIONS[adminAction],
    may: (actor: Actor, action) => can(actor, action, 'job-runs'),
    list: async (actor, query) => {
      if (!can(actor, 'read', 'job-runs')) throw new ForbiddenError()
      const runs = jobRunModel(context.db.connection)
      const [items, total] = await Promise.all([
        runs
          .find(query.filter)
          .sort({ startedAt: -1 })
          .skip((query.page - 1) * query.limit)
          .limit(query.limit)
          .lean(),
        runs.countDocuments(query.filter),
      ])
      return { items: items as unknown as AdminRecord[], total }
    },
    get: async (actor, id) => (await getRun(context, actor, id)) as unknown as AdminRecord,
    create: refuse,
    update: refuse,
    remove: refuse,
  }
}

export function jobRunsResource(context: AppContext): ResourceWithOptions {
  const store = jobRunsStore(context)
  return {
    resource: new PolicyResource(jobRunModel(context.db.connection), store, 'JobRun', {
      filter: runFilterOf,
      sort: () => undefined,
    }),
    options: {
      navigation: { name: 'Jobs', icon: 'Clock' },
      titleProperty: 'job',
      listProperties: ['job', 'outcome', 'startedAt', 'durationMs', 'attempt', 'processed', 'error'],
      showProperties: [
        '_id',
        'job',
        'outcome',
        'startedAt',
        'endedAt',
        'durationMs',
        'attempt',
        'attempts',
        'processed',
        'error',
        'requeuedFrom',
        'jobId',
        'worker',
      ],
      filterProperties: ['job', 'outcome', 'startedAt'],
      properties: Object.fromEntries(
        ['job', 'outcome', 'startedAt', 'durationMs', 'attempt', 'processed', 'error'].map((p) => [
          p,
          { isSortable: false },
        ]),
      ),
      actions: gatedActions(store),
    },
  }
}
