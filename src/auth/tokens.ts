import { createSecretKey, type KeyObject } from 'node:crypto'
import jwt from 'jsonwebtoken'
import { z } from 'zod'
import type { Config } from '../config.js'

/** Seed 1's claims (`userId`, `user_role`) plus the token version that revocation compares. */
export interface TokenClaims {
  userId: string
  user_role: string
  tv: number
}

const Claims = z.object({ userId: z.string().min(1), user_role: z.string(), tv: z.number().int() })

function ttlOf(ttl: string): number | `${number}${'s' | 'm' | 'h' | 'd'}` {
  return /^\d+$/.test(ttl) ? Number(ttl) : (ttl as `${number}${'s' | 'm' | 'h' | 'd'}`)
}

export function signToken(config: Pick<Config, 'jwt'>, claims: TokenClaims): string {
  return jwt.sign(claims, config.jwt.secret, { algorithm: 'HS256', expiresIn: ttlOf(config.jwt.ttl) })
}

/**
 * Given a string, jsonwebtoken first tries to read it as a PEM public key (createPublicKey, which throws) before
 * treating it as a shared secret: about half a millisecond on every request. A KeyObject skips that probe.
 */
const secretKeys = new Map<string, KeyObject>()
function secretKeyOf(secret: string): KeyObject {
  let key = secretKeys.get(secret)
  if (!key) secretKeys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))))
  return key
}

/**
 * Tokens already verified, with their claims and expiry. The signature of a given string under a given secret never
 * changes, so it is checked once; expiry is checked on every use, and revocation (token version, deactivation) is
 * the principal's business, re-read on every request. Bounded: cleared when full, which only costs re-verification.
 */
const verified = new Map<string, { secret: string; claims: TokenClaims; expiresAtMs: number }>()
const MAX_VERIFIED = 10_000

/** The claims of a valid, unexpired HS256 token signed with our secret; undefined otherwise. */
export function verifyToken(config: Pick<Config, 'jwt'>, token: string): TokenClaims | undefined {
  const known = verified.get(token)
  if (known?.secret === config.jwt.secret) {
    if (known.expiresAtMs > Date.now()) return known.claims
    verified.delete(token)
    return undefined
  }
  try {
    const decoded = jwt.verify(token, secretKeyOf(config.jwt.secret), { algorithms: ['HS256'] })
    const claims = Claims.safeParse(decoded)
    if (!claims.success) return undefined
    const exp = (decoded as { exp?: unknown }).exp
    // A token without an expiry would be valid forever (until its user's version moves): ours always carry one.
    if (typeof exp !== 'number') return undefined
    if (verified.size >= MAX_VERIFIED) verified.clear()
    verified.set(token, { secret: config.jwt.secret, claims: Object.freeze(claims.data), expiresAtMs: exp * 1000 })
    return claims.data
  } catch {
    return undefined
  }
}

/** Seed clients send the raw token in `authorization`; `Bearer <token>` is accepted too. */
export function tokenFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined
  const trimmed = header.trim()
  const bearer = /^Bearer\s+(\S+)$/i.exec(trimmed)
  if (bearer) return bearer[1]
  return trimmed.includes(' ') || trimmed === '' ? undefined : trimmed
}
