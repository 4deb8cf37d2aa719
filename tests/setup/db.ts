import { randomBytes } from 'node:crypto'
import { inject } from 'vitest'

/** The URI of the suite's database server (embedded, or MONGO_URL when set). */
export function serverUri(): string {
  return inject('mongoUri')
}

/**
 * A URI naming a fresh database on the suite's server, so test files never see each other's data.
 * `label` only makes the name readable in logs.
 */
export function freshDbUri(label: string): string {
  const base = serverUri()
  const name = `t_${label.replace(/[^a-z0-9]/gi, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`
  const url = new URL(base)
  url.pathname = `/${name}`
  return url.toString()
}
