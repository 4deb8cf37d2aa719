import { z } from 'zod'

// The one text type every input schema uses. Control characters (NUL first of all) have no business in a business
// record: they break search, CSV and logs, and a NUL once passed "required". Tab and newline are allowed only where a
// field is declared multi-line.

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001f\u007f]/
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f]/

const NO_CONTROL = 'must not contain control characters'

/** True when the value holds a character no single-line text may hold. */
export function hasControlCharacters(value: string, multiline = false): boolean {
  return (multiline ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).test(value)
}

/** Trimmed single-line text of at most `max` characters, possibly empty. */
export function text(max: number) {
  return z
    .string()
    .refine((value) => !hasControlCharacters(value), NO_CONTROL)
    .transform((value) => value.trim())
    .pipe(z.string().max(max))
}

/** Trimmed single-line text, at least one character. */
export function requiredText(max: number) {
  return z
    .string()
    .refine((value) => !hasControlCharacters(value), NO_CONTROL)
    .transform((value) => value.trim())
    .pipe(z.string().min(1, 'is required').max(max))
}

/** Trimmed text that may span lines (notes, remarks, messages): tab, CR and LF allowed, other controls refused. */
export function multilineText(max: number) {
  return z
    .string()
    .refine((value) => !hasControlCharacters(value, true), NO_CONTROL)
    .transform((value) => value.trim())
    .pipe(z.string().max(max))
}
