// Phone numbers to E.164 with the Indian default, by a small documented rule instead of a metadata library: the
// leads come from Indian web forms and mailboxes, and the rule only has to make the same number compare equal.
//
// 1. Keep digits and a leading `+`; spaces, dashes, dots and brackets are formatting.
// 2. `+<8-15 digits>` or `00<8-15 digits>` is already international: kept as `+<digits>`.
// 3. 10 digits starting 6-9 (an Indian mobile), optionally after a trunk `0` or the country code `91`: `+91<10 digits>`.
// 4. Anything else is not normalisable: null (the caller answers 400; the raw value is kept with the submission).

const FORMATTING = /[\s().-]/g
const INDIAN_MOBILE = /^(?:0|91)?([6-9]\d{9})$/

export function normalisePhone(raw: string): string | null {
  const compact = raw.trim().replace(FORMATTING, '')
  if (/^\+\d{8,15}$/.test(compact)) return compact
  if (/^00\d{8,15}$/.test(compact)) return `+${compact.slice(2)}`
  const indian = INDIAN_MOBILE.exec(compact)
  return indian ? `+91${indian[1] ?? ''}` : null
}
