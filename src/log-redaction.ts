// Secrets must never reach a log file, whatever shape the logged metadata has: keys are matched by name at any
// depth, and secret-looking strings (JWTs, bcrypt hashes, reset tokens in URLs) are masked wherever they appear.

export const REDACTED = '[REDACTED]'

const SECRET_KEY =
  /^(authorization|cookie|set-cookie|x-api-key|pass|passwd|password|.*password|.*token|.*secret|secrets?|mail_pass|smtp_url|mongo_url|razorpay_key_secret)$/i

/** Each pattern keeps its capture groups (context such as `?token=`) and replaces the rest of the match. */
const SECRET_TEXT: ReadonlyArray<{ pattern: RegExp; replacement: string }> = [
  { pattern: /eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]{10,}/g, replacement: REDACTED }, // JWT
  { pattern: /\$2[aby]?\$\d{2}\$[./A-Za-z0-9]{53}/g, replacement: REDACTED }, // bcrypt hash
  { pattern: /([?&](?:token|reset_token|access_token)=)[^&\s"']+/gi, replacement: `$1${REDACTED}` }, // token in a query
  { pattern: /(\/reset-password\/)[^/?\s"']+/gi, replacement: `$1${REDACTED}` }, // legacy reset path parameter
  { pattern: /(\b(?:Bearer|Basic)\s+)[\w.~+/=-]+/g, replacement: `$1${REDACTED}` }, // credentials in free text
  { pattern: /(\/\/[^:/\s@]+:)[^@/\s]+(@)/g, replacement: `$1${REDACTED}$2` }, // user:password@ in URLs
]

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key)
}

export function redactText(text: string): string {
  let result = text
  for (const { pattern, replacement } of SECRET_TEXT) result = result.replace(pattern, replacement)
  return result
}

/** A deep copy of `value` with secrets redacted; cycles and depth are bounded so logging never throws. */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value)
  if (value === null || typeof value !== 'object') return value
  if (depth > 8 || seen.has(value)) return '[Truncated]'
  seen.add(value)
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen))
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactText(value.message),
      stack: value.stack ? redactText(value.stack) : undefined,
    }
  }
  if (value instanceof Date) return value
  const out: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value)) {
    out[key] = isSecretKey(key) ? REDACTED : redact(inner, depth + 1, seen)
  }
  return out
}
