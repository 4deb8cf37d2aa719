import { readFileSync } from 'node:fs'

/**
 * The environment package.json's `start:prod` gives node (today: glibc's malloc asked for transparent huge pages),
 * read from the script itself so the benchmarks' figures are those of `npm run start:prod` and cannot drift from it.
 * A non-empty value in the caller's environment wins, as in the script (`${GLIBC_TUNABLES:-...}`).
 */
function fromStartScript(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>
  }
  const script = pkg.scripts['start:prod'] ?? ''
  const env: Record<string, string> = {}
  for (const [, key, fallback] of script.matchAll(/\b([A-Z_]+)=\$\{\1:-([^}]*)\}/g)) {
    if (key !== undefined && fallback !== undefined) env[key] = process.env[key] || fallback
  }
  return env
}

export const PRODUCTION_ENV: Readonly<Record<string, string>> = fromStartScript()
