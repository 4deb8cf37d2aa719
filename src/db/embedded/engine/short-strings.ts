import type { Doc } from './bson-values.js'

/** Strings up to this length inside top-level arrays are shared: a search index's grams are 3 characters. */
const SHORT = 4
/** The table stops growing here; later strings are stored as they came (only memory is at stake, not meaning). */
const MAX_SHARED = 200_000

const shared = new Map<string, string>()

function share(s: string): string {
  const known = shared.get(s)
  if (known !== undefined) return known
  if (shared.size < MAX_SHARED) shared.set(s, s)
  return s
}

/**
 * Replaces the short strings of a stored document's top-level arrays by one shared copy each. Decoding gives every
 * string of every document its own heap object (16 bytes for 3 characters, plus the array slot); a booking's ~50
 * search grams come from a few thousand distinct ones, so sharing them saves about 800 bytes per booking (measured:
 * 2,025 to 1,177 bytes per document with 27 grams). Arrays are
 * copied, never changed in place: stored values are shared with cursors and must not move under them.
 */
export function shareShortStrings(doc: Doc): void {
  for (const field in doc) {
    const value = doc[field]
    // Strings compare by content, so whether an element already is the shared copy cannot be seen: any array
    // holding a short string is copied with the shared ones in.
    if (Array.isArray(value) && value.some(isShort))
      doc[field] = (value as unknown[]).map((item) => (isShort(item) ? share(item) : item))
  }
}

function isShort(item: unknown): item is string {
  return typeof item === 'string' && item.length <= SHORT
}
