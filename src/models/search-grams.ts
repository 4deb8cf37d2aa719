// The trigrams of the search index (search-index.ts): a superset filter in front of the case-insensitive substring
// regex the routes document. A record can match the regex only if it holds every gram of the term, so
// `{ searchGrams: { $all: grams(term) } }` AND the regex returns exactly what the regex alone returns.
//
// Only ASCII terms use the index. A JavaScript regex with the `i` flag and without `u` compares characters by
// Canonicalize(), which never maps a non-ASCII character to an ASCII one (ES2024 22.2.2.7.3 step 3.g), so an ASCII
// term matches exactly where a run of ASCII characters equals it ignoring ASCII case. Lower-casing character by
// character (never the whole string: 'İ'.toLowerCase() is two characters) keeps those runs intact, and a non-ASCII
// character just ends a run. MongoDB's PCRE (UTF mode) also folds two non-ASCII characters onto ASCII letters,
// KELVIN SIGN (k) and LATIN SMALL LETTER LONG S (s): they are read as their ASCII letter, which only adds grams.

/** The stored field holding a record's grams. */
export const SEARCH_GRAMS_FIELD = 'searchGrams'

const GRAM = 3
/** Characters MongoDB's caseless matching folds onto an ASCII letter. */
const FOLDED: Readonly<Record<number, number>> = { 0x212a: 0x6b, 0x17f: 0x73 }

/** The lower-case ASCII code of a UTF-16 unit, or -1 for a character no ASCII term character can match. */
function asciiLower(unit: number): number {
  if (unit >= 0x41 && unit <= 0x5a) return unit + 32
  if (unit < 0x80) return unit
  return FOLDED[unit] ?? -1
}

function addGramsOf(text: string, into: Set<string>): void {
  let run = ''
  for (let i = 0; i < text.length; i++) {
    const code = asciiLower(text.charCodeAt(i))
    if (code < 0) {
      run = ''
      continue
    }
    run = (run.length === GRAM ? run.slice(1) : run) + String.fromCharCode(code)
    if (run.length === GRAM) into.add(run)
  }
}

/** Text a stored value is searched as: strings, and numbers as their text (an old record's phone number). */
function addValue(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') addGramsOf(value, into)
  else if (typeof value === 'number' || typeof value === 'bigint') addGramsOf(String(value), into)
  else if (Array.isArray(value)) for (const item of value) addValue(item, into)
}

/** The distinct grams of a record's search fields, sorted (stable across writes of the same values). */
export function recordGrams(fields: readonly string[], record: Readonly<Record<string, unknown>>): string[] {
  const grams = new Set<string>()
  for (const field of fields) addValue(record[field], grams)
  return [...grams].sort()
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false
  return true
}

/**
 * The grams a record must hold to contain `term` ignoring case, or undefined when the index cannot decide: a term
 * shorter than a gram, or one with a non-ASCII character (both keep today's scan).
 */
export function termGrams(term: string): string[] | undefined {
  if (term.length < GRAM || !isAscii(term)) return undefined
  const grams = new Set<string>()
  addGramsOf(term, grams)
  return [...grams]
}

const META = /[.*+?^${}()|[\]\\]/g

/**
 * The literal text a regex matches when it is nothing but an escaped literal (what our routes build from search
 * text) with no flag besides `i`; undefined for anything else (a real pattern, `m`, `s`, `u`...).
 */
export function literalOf(pattern: unknown): string | undefined {
  const [source, flags] =
    pattern instanceof RegExp
      ? [pattern.source, pattern.flags]
      : isRegexOperator(pattern)
        ? [pattern.$regex, pattern.$options ?? '']
        : [undefined, '']
  if (source === undefined || (flags !== '' && flags !== 'i')) return undefined
  const text = source.replace(/\\(.)/g, '$1')
  const escaped = text.replace(META, '\\$&')
  // A RegExp's source shows `/` as `\/`; compare like with like.
  const same = pattern instanceof RegExp ? new RegExp(escaped).source === source : escaped === source
  return same ? text : undefined
}

function isRegexOperator(value: unknown): value is { $regex: string; $options?: string } {
  if (typeof value !== 'object' || value === null) return false
  const keys = Object.keys(value)
  const operator = value as { $regex?: unknown; $options?: unknown }
  return (
    typeof operator.$regex === 'string' &&
    (operator.$options === undefined || typeof operator.$options === 'string') &&
    keys.every((key) => key === '$regex' || key === '$options')
  )
}
