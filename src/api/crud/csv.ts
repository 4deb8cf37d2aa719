/** Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=@\t\r]/
/** `+`/`-` start formulas too, but also phone numbers and negative amounts: those (sign, digit, then only digits,
 * spaces, dots, commas, parentheses and hyphens) are left as they are; `-1+cmd|...` is not a number and is prefixed. */
const SIGNED = /^[+-]/
const SIGNED_NUMBER = /^[+-][0-9][0-9 .,()-]*$/

function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text) || (SIGNED.test(text) && !SIGNED_NUMBER.test(text))
}

function textOf(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(textOf).join('; ')
  if (typeof value === 'object') {
    const hex: unknown = (value as { toHexString?: unknown }).toHexString
    if (typeof hex !== 'function') return JSON.stringify(value)
    const text: unknown = hex.call(value)
    return typeof text === 'string' ? text : JSON.stringify(value)
  }
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString()
  return ''
}

/** One CSV cell: formula-looking text is prefixed with `'`; quotes, commas and line breaks are quoted. */
export function csvCell(value: unknown): string {
  let text = textOf(value)
  if (typeof value !== 'number' && looksLikeFormula(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`
}
