import bcrypt from 'bcrypt'

/** bcrypt reads at most 72 bytes; longer passwords would be silently truncated, so the input schemas cap them. */
export const PASSWORD_MAX_BYTES = 72

export async function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, cost)
}

/** One dummy hash per cost, so the comparison costs what a real one would under each app's configured cost. */
const dummyHashes = new Map<number, Promise<string>>()

/**
 * Compares a password with a stored hash. Without a hash (unknown email) it still spends one bcrypt comparison so
 * the response time does not tell which emails exist.
 */
export async function verifyPassword(password: string, hash: string | undefined, cost: number): Promise<boolean> {
  if (hash) return bcrypt.compare(password, hash)
  let dummyHash = dummyHashes.get(cost)
  if (!dummyHash) dummyHashes.set(cost, (dummyHash = bcrypt.hash('not-a-real-password', cost)))
  await bcrypt.compare(password, await dummyHash)
  return false
}

/** A hash made with a lower cost than configured (seed 1 used 5): login replaces it while it has the password. */
export function needsRehash(hash: string, cost: number): boolean {
  return bcrypt.getRounds(hash) < cost
}
