/** Every password the factories make starts with this, so a leaked one is recognisable in any log. */
export const PASSWORD_MARKER = 'Pw-secret-'

const PATTERNS: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  { name: 'factory password', pattern: new RegExp(`${PASSWORD_MARKER}[\\w-]*`, 'g') },
  { name: 'JWT', pattern: /eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]{10,}/g },
  { name: 'bcrypt hash', pattern: /\$2[aby]?\$\d{2}\$[./A-Za-z0-9]{53}/g },
  { name: 'reset token', pattern: /\b[0-9a-f]{64}\b/g },
  { name: 'authorization value', pattern: /"authorization":\s*"(?!\[REDACTED\])[^"]+"/gi },
  { name: 'password value', pattern: /"(?:password|newPassword|currentPassword)":\s*"(?!\[REDACTED\])[^"]+"/gi },
]

/** What in `text` looks like a secret, each as `<kind>: <excerpt>`. */
export function findSecrets(text: string, extra: readonly string[] = []): string[] {
  const found: string[] = []
  for (const { name, pattern } of PATTERNS) {
    for (const match of text.matchAll(pattern)) found.push(`${name}: ${match[0].slice(0, 40)}`)
  }
  for (const secret of extra) if (secret && text.includes(secret)) found.push(`known secret: ${secret.slice(0, 6)}…`)
  return found
}
