import type { z } from 'zod'
import { MASK } from '../access/policy.js'
import { unflatten } from './flat-params.js'

// An AdminJS form posts every param of the record, flattened (`services.0`), as text, with '' for an empty field.
// The model layer wants the resource's input object: only the editable fields, with "empty" meaning what the zod
// schema can accept.

function acceptsEmptyText(schema: z.ZodType | undefined): boolean {
  return schema?.safeParse('').success === true
}

function acceptsMissing(schema: z.ZodType | undefined): boolean {
  return schema?.safeParse(undefined).success === true
}

/** Checkboxes post 'true'/'false'; a boolean field's schema wants the boolean. */
function booleanIfMeant(schema: z.ZodType | undefined, value: unknown): unknown {
  if ((value !== 'true' && value !== 'false') || schema?.safeParse(value).success !== false) return value
  return schema.safeParse(value === 'true').success ? value === 'true' : value
}

/**
 * AdminJS turns every date field's text into `new Date(text)` before the resource sees it, so a cleared or
 * half-typed date (the date picker sends '') arrives as an Invalid Date, which zod reports as "expected date,
 * received Date". It is the empty field it was.
 */
function emptyIfInvalidDate(value: unknown): unknown {
  return value instanceof Date && Number.isNaN(value.getTime()) ? '' : value
}

/**
 * The input for a create or update: editable fields only. A masked value sent back unchanged is left out (the
 * user never saw it, so cannot have meant to change it). '' becomes "not given" where the schema refuses '' but
 * accepts a missing value (an optional select left blank); a required field keeps '' so zod names the problem.
 */
export function formInput(
  shape: Readonly<Record<string, z.ZodType>>,
  editable: readonly string[],
  params: Record<string, unknown>,
): Record<string, unknown> {
  const unflattened = unflatten(params)
  const input: Record<string, unknown> = {}
  for (const field of editable) {
    if (!(field in unflattened)) continue
    const value = emptyIfInvalidDate(unflattened[field])
    if (value === MASK) continue
    if (value === '' && !acceptsEmptyText(shape[field]) && acceptsMissing(shape[field])) continue
    input[field] = booleanIfMeant(shape[field], value)
  }
  return input
}
