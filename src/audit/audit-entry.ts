import { Schema, type Connection, type Model, type Types } from 'mongoose'
import { installCommitBarrier } from './commit-markers.js'

export const AUDIT_ACTIONS = [
  'create',
  'update',
  'trash',
  'restore',
  'destroy',
  'restore-revision',
  // Declared workflow transitions (models/workflow.ts) and the seed-1 migration's import entry.
  'transition',
  'import',
  // Leads merged into a survivor and taken apart again (src/leads/).
  'merge',
  'unmerge',
  // Operators' actions on background jobs (/admin/jobs), resource `agenda_jobs`.
  'run-now',
  'requeue',
  'delete',
  'pause',
  'resume',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** Who did it, as stored: a user (id + role at the time), a job, a webhook or the system. */
export interface AuditActor {
  kind: 'user' | 'job' | 'webhook' | 'system'
  id?: string
  role?: string
  name?: string
  /** A job's run (job_runs), so every write of one run can be found. */
  runId?: string
}

export interface FieldChange {
  path: string
  before?: unknown
  after?: unknown
}

/**
 * One write to one document. `pending` is written before the document write and `committed` after it; recovery
 * resolves entries left pending by a process that died in between (see audited-write.ts).
 */
export interface AuditEntry {
  resource: string
  documentId: Types.ObjectId
  /** The document revision this write produced. */
  revision: number
  action: AuditAction
  actor: AuditActor
  requestId: string | null
  at: Date
  changes: FieldChange[]
  reason: string | null
  /** The bulk import (`POST /api/v1/<resource>/import`) that made this write, so one import's writes can be found. */
  importId?: string
  status: 'pending' | 'committed'
}

export type AuditModel = Model<AuditEntry>

export const changeSchema = new Schema<FieldChange>(
  { path: { type: String, required: true }, before: Schema.Types.Mixed, after: Schema.Types.Mixed },
  { _id: false, minimize: false },
)

export const actorSchema = new Schema<AuditActor>(
  {
    kind: { type: String, enum: ['user', 'job', 'webhook', 'system'], required: true },
    id: String,
    role: String,
    name: String,
    runId: String,
  },
  { _id: false },
)

export const auditSchema = new Schema<AuditEntry>(
  {
    resource: { type: String, required: true },
    documentId: { type: Schema.Types.ObjectId, required: true },
    revision: { type: Number, required: true },
    action: { type: String, enum: AUDIT_ACTIONS, required: true },
    actor: { type: actorSchema, required: true },
    requestId: { type: String, default: null },
    at: { type: Date, required: true },
    changes: { type: [changeSchema], default: [] },
    reason: { type: String, default: null },
    importId: { type: String },
    status: { type: String, enum: ['pending', 'committed'], required: true },
  },
  { collection: 'audit_entries', versionKey: false, minimize: false },
)
// One entry per revision: a second writer racing for the same revision fails here, before touching the document.
auditSchema.index({ resource: 1, documentId: 1, revision: 1 }, { unique: true })
auditSchema.index({ status: 1, at: 1 })
auditSchema.index({ 'actor.id': 1, at: -1 })
// Activity timelines (activity.ts): the entries of a record and its children, newest first.
auditSchema.index({ documentId: 1, at: -1 })
auditSchema.index({ importId: 1 }, { sparse: true })
installCommitBarrier(auditSchema)

export function auditModel(connection: Connection): AuditModel {
  return (
    (connection.models.AuditEntry as AuditModel | undefined) ?? connection.model<AuditEntry>('AuditEntry', auditSchema)
  )
}
