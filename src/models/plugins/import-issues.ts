import { Schema } from 'mongoose'

/** What a migration could not fit into our validation: the field, why, and the value the old system held. */
export interface ImportIssue {
  path: string
  message: string
  value: unknown
}

const issueSchema = new Schema<ImportIssue>(
  { path: { type: String, required: true }, message: { type: String, required: true }, value: Schema.Types.Mixed },
  { _id: false, minimize: false },
)

/**
 * Adds `importIssues`: set only by the seed-1 migration on documents whose old values fail our validation, so they
 * are flagged (lists filter `flagged=true`) instead of being dropped or silently changed. Never input, never audited
 * as a field change.
 */
export function importIssuesPlugin(schema: Schema): void {
  schema.add({ importIssues: { type: [issueSchema], default: undefined } })
}
