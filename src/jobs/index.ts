import type { JobDefinition } from './define-job.js'
import { leadsDedupeJob } from './leads.dedupe.js'

// The job list, as src/models/index.ts lists resources: the scheduler registers each, the run history and Agendash
// show them. Adding a job is one file `src/jobs/<area>.<verb>.ts` and one line here.

export const JOB_DEFINITIONS: readonly JobDefinition[] = [leadsDedupeJob]
