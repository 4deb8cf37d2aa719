import { Error as MongooseError, type Model } from 'mongoose'
import type { z } from 'zod'
import type { ResourceDefinition, ResourceRecord } from '../models/define-resource.js'
import type { ImportIssue } from '../models/plugins/import-issues.js'

// An old document is never dropped for failing our validation: each field our input schema accepts is stored in its
// normalised form; each one it refuses is kept as it was when the database type can hold it (or left to its default
// when not) and listed in `importIssues` with the old value, so people can fix it.

function fieldIssues(
  def: ResourceDefinition,
  mapped: ResourceRecord,
): { record: ResourceRecord; issues: ImportIssue[] } {
  const record: ResourceRecord = { ...mapped }
  // Issues the mapping already found (an unknown status, a file kept elsewhere) come first.
  const issues: ImportIssue[] = Array.isArray(mapped.importIssues) ? [...(mapped.importIssues as ImportIssue[])] : []
  Reflect.deleteProperty(record, 'importIssues')
  const shape: Record<string, z.ZodType> = def.input.shape
  for (const [field, schema] of Object.entries(shape)) {
    if (mapped[field] === undefined || mapped[field] === null) {
      if (!schema.safeParse(undefined).success) issues.push({ path: field, message: 'is required', value: null })
      continue
    }
    const parsed = schema.safeParse(mapped[field])
    if (parsed.success) record[field] = parsed.data
    else issues.push({ path: field, message: parsed.error.issues[0]?.message ?? 'is invalid', value: mapped[field] })
  }
  return { record, issues }
}

/** Fields the database type cannot hold at all (a number field holding "abc"): left to their default. */
async function dropUncastable(
  model: Model<ResourceRecord>,
  record: ResourceRecord,
  issues: ImportIssue[],
): Promise<ResourceRecord> {
  const error = await new model(record).validate().then(
    () => undefined,
    (failure: unknown) => {
      if (failure instanceof MongooseError.ValidationError) return failure
      throw failure
    },
  )
  if (!error) return record
  const kept = { ...record }
  for (const path of Object.keys(error.errors)) {
    const field = path.split('.')[0] ?? path
    if (!issues.some((issue) => issue.path === field)) {
      issues.push({ path: field, message: error.errors[path]?.message ?? 'is invalid', value: record[field] })
    }
    Reflect.deleteProperty(kept, field)
  }
  return kept
}

export async function fitToResource(
  def: ResourceDefinition,
  model: Model<ResourceRecord>,
  mapped: ResourceRecord,
): Promise<{ record: ResourceRecord; issues: ImportIssue[] }> {
  const { record: normalised, issues } = fieldIssues(def, mapped)
  const derived = def.derived ? { ...normalised, ...def.derived.compute(normalised) } : normalised
  for (const problem of def.check?.(derived) ?? []) {
    issues.push({ path: problem.path, message: problem.message, value: derived[problem.path] })
  }
  const record = await dropUncastable(model, derived, issues)
  if (issues.length > 0) record.importIssues = issues
  return { record, issues }
}
