// Every value interpolated into a mail's HTML goes through `escapeHtml`: a client's name is data, never markup.

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char)
}

/** A tagged template that escapes every interpolated value (the literal parts are ours). */
export function html(strings: TemplateStringsArray, ...values: ReadonlyArray<string | number>): string {
  return strings.reduce((out, part, i) => out + part + (i < values.length ? escapeHtml(String(values[i])) : ''), '')
}
