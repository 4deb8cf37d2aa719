import bcrypt from 'bcrypt'

/** bcrypt reads at most 72 bytes; longer passwords would be silently truncated, so the input schemas cap them. */
export const PASSWORD_MAX_BYTES = 72

export async function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, cost)
}

let dummyHash: Promise<string> | undefined

/**
 * Compares a password with a stored hash. Without a hash (unknown email) it still spends one bcrypt comparison so
 * the response time does not tell which emails exist.
 */
export async function verifyPassword(password: string, hash: string | undefined, cost: number): Promise<boolean> {
  if (hash) return bcrypt.compare(password, hash)
  dummyHash ??= bcrypt.hash('not-a-real-password', cost)
  await bcrypt.compare(password, await dummyHash)
  return false
}

/** A hash made with a lower cost than configured (seed 1 used 5): login replaces it while it has the password. */
export function needsRehash(hash: string, cost: number): boolean {
  return bcrypt.getRounds(hash) < cost
}
