/**
 * Strings for the recovery decoder (bson-reader.ts). Short ASCII strings come from a small cache: stored documents
 * repeat them (statuses, branches, banks, owners' ids), and one shared string instead of a copy per document saves
 * heap and the garbage collector's copying. Strings are immutable, so sharing one is invisible to every reader.
 */

/** Strings up to this many bytes go through the cache; longer ones are rarely repeated. */
const INTERN_MAX_BYTES = 32
const INTERN_SLOTS = 4096
const interned: (string | undefined)[] = new Array<string | undefined>(INTERN_SLOTS).fill(undefined)

/** UTF-8 text of buf[start, end); undefined when it is not valid UTF-8 (js-bson would throw: the caller lets it). */
export function readText(buf: Buffer, start: number, end: number): string | undefined {
  if (end - start <= INTERN_MAX_BYTES) return shortText(buf, start, end)
  for (let k = start; k < end; k += 1) if ((buf[k] as number) > 0x7f) return utf8Text(buf, start, end)
  return buf.toString('latin1', start, end)
}

function shortText(buf: Buffer, start: number, end: number): string | undefined {
  let hash = end - start
  for (let k = start; k < end; k += 1) {
    const byte = buf[k] as number
    if (byte > 0x7f) return utf8Text(buf, start, end)
    hash = Math.imul(hash ^ byte, 0x01000193)
  }
  const slot = (hash >>> 0) & (INTERN_SLOTS - 1)
  const cached = interned[slot]
  if (cached !== undefined && sameAscii(cached, buf, start, end)) return cached
  const text = buf.toString('latin1', start, end)
  interned[slot] = text
  return text
}

function sameAscii(text: string, buf: Buffer, start: number, end: number): boolean {
  if (text.length !== end - start) return false
  for (let k = 0; k < text.length; k += 1) if (text.charCodeAt(k) !== buf[start + k]) return false
  return true
}

function utf8Text(buf: Buffer, start: number, end: number): string | undefined {
  const text = buf.toString('utf8', start, end)
  // U+FFFD is what invalid bytes decode to; js-bson then checks strictly and throws: let it decide.
  return text.includes('\ufffd') ? undefined : text
}
