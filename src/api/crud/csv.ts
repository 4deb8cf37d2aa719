/** Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/

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
  if (typeof value !== 'number' && FORMULA_START.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`
}
