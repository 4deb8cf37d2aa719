/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment --
   mongoose types SchemaTypeOptions as a class, so every plain schema-definition object literal trips this rule. */
import { Schema, type Connection, type Model } from 'mongoose'

// `job_runs`: one entry per run of a job (every try is a run), written by the scheduler around runJob. Kept 90 days.

/** Agenda's own collection (the job documents and their locks), on the app's database. */
export const JOBS_COLLECTION = 'agenda_jobs'

/** Days a run stays in the history. */
export const RUN_RETENTION_DAYS = 90

export const RUN_OUTCOMES = ['running', 'succeeded', 'retrying', 'failed', 'interrupted'] as const
/**
 * `retrying`: this try failed and another is scheduled; `failed`: the last try failed (or the payload was refused);
 * `interrupted`: the process stopped before the run finished (its lock was released for another process).
 */
export type RunOutcome = (typeof RUN_OUTCOMES)[number]

export interface JobRun {
  _id: string
  job: string
  /** The Agenda job document this run belongs to (`agenda_jobs._id`). */
  jobId: string | null
  startedAt: Date
  endedAt: Date | null
  durationMs: number | null
  outcome: RunOutcome
  error: string | null
  attempt: number
  /** Of how many tries the declaration allows. */
  attempts: number
  processed: number
  /** For a run an operator requeued: the run it was requeued from. */
  requeuedFrom: string | null
  /** The process that ran it (Agenda's worker name: host and pid). */
  worker: string
}

export type JobRunModel = Model<JobRun>

const jobRunSchema = new Schema<JobRun>(
  {
    _id: { type: String, required: true },
    job: { type: String, required: true },
    jobId: { type: String, default: null },
    startedAt: { type: Date, required: true },
    endedAt: { type: Date, default: null },
    durationMs: { type: Number, default: null },
    outcome: { type: String, enum: RUN_OUTCOMES, required: true },
    error: { type: String, default: null },
    attempt: { type: Number, required: true },
    attempts: { type: Number, required: true },
    processed: { type: Number, default: 0 },
    requeuedFrom: { type: String, default: null },
    worker: { type: String, required: true },
  },
  { collection: 'job_runs', versionKey: false },
)
jobRunSchema.index({ startedAt: 1 }, { expireAfterSeconds: RUN_RETENTION_DAYS * 86_400 })
jobRunSchema.index({ job: 1, startedAt: -1 })
jobRunSchema.index({ outcome: 1, startedAt: -1 })
jobRunSchema.index({ jobId: 1, startedAt: -1 })

export function jobRunModel(connection: Connection): JobRunModel {
  return (connection.models.JobRun as JobRunModel | undefined) ?? connection.model<JobRun>('JobRun', jobRunSchema)
}
