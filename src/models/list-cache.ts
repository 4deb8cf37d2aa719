import { Types } from 'mongoose'

/**
 * A memo of list pages for one resource on one connection.
 *
 * Why it exists: a list request costs two database round trips, and the driver's client-side work for them alone
 * (about 0.45 ms of CPU) is more than a whole cached request. Back-office lists are read far more often than
 * the collection changes, so a page is kept until the next write.
 *
 * Why it is not stale: every write to the collection made through this process's models (any door: REST, legacy,
 * AdminJS, jobs) invalidates before it is acknowledged (see plugins/list-invalidation.ts). A read snapshots the
 * generation before querying and stores under that generation, so a read racing a write can never be served after
 * the write returned. Writes this process cannot see (another app instance, a shell) show after at most `ttlMs`.
 */
export class ListCache<T> {
  private generation = 0
  private readonly entries = new Map<string, { value: T; generation: number; expiresAt: number }>()

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0
  }

  /** Taken before the database is asked, and handed back to `store`. */
  snapshot(): number {
    return this.generation
  }

  lookup(key: string): T | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (entry.generation !== this.generation || entry.expiresAt <= Date.now()) {
      this.entries.delete(key)
      return undefined
    }
    return entry.value
  }

  store(key: string, generation: number, value: T): void {
    if (!this.enabled || generation !== this.generation) return
    // Oldest first: Map keeps insertion order, so the first key is the one to drop.
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next()
      if (oldest.done !== true) this.entries.delete(oldest.value)
    }
    this.entries.set(key, { value, generation, expiresAt: Date.now() + this.ttlMs })
  }

  invalidate(): void {
    this.generation += 1
    this.entries.clear()
  }
}

/**
 * Every live cache per resource name, so a model hook can invalidate without knowing which connection wrote. Held
 * weakly: a cache lives as long as its connection's bound resource, and a closed app's caches (tests build many apps
 * in one process) must not be kept, nor invalidated on every later write, for the rest of the process.
 */
const registry = new Map<string, Set<WeakRef<ListCache<unknown>>>>()

export function registerListCache(resource: string, cache: ListCache<unknown>): void {
  const caches = registry.get(resource) ?? new Set()
  caches.add(new WeakRef(cache))
  registry.set(resource, caches)
}

/**
 * Invalidates every cache of the resource, on every connection of this process. Another connection's cache losing
 * its pages is harmless (in production there is one connection), a missed invalidation would not be.
 */
export function invalidateLists(resource: string): void {
  generations.set(resource, writeGeneration(resource) + 1)
  const caches = registry.get(resource)
  if (!caches) return
  for (const ref of caches) {
    const cache = ref.deref()
    if (cache) cache.invalidate()
    else caches.delete(ref)
  }
}

/** Counts the writes to each resource in this process, so other caches (a user's placement) can tell they are stale. */
const generations = new Map<string, number>()

/** The resource's write count so far; a cached value read at an older count may be out of date. */
export function writeGeneration(resource: string): number {
  return generations.get(resource) ?? 0
}

/**
 * A key naming exactly what the database would be asked, with regular expressions, dates and ids told apart from
 * strings (JSON.stringify would turn a RegExp into `{}` and make every search share one key).
 */
export function cacheKey(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  if (value instanceof RegExp) return `re(${JSON.stringify(value.source)},${value.flags})`
  if (value instanceof Date) return `date(${String(value.getTime())})`
  if (value instanceof Types.ObjectId) return `oid(${value.toHexString()})`
  if (Array.isArray(value)) return `[${value.map(cacheKey).join(',')}]`
  if (typeof value === 'object') {
    const parts: string[] = []
    for (const [key, inner] of Object.entries(value)) parts.push(`${JSON.stringify(key)}:${cacheKey(inner)}`)
    return `{${parts.join(',')}}`
  }
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `${typeof value}(${String(value)})`
  }
  // Functions and symbols never reach a query filter; refuse them rather than let two queries share a key.
  throw new TypeError(`cannot key a ${typeof value}`)
}

/** Cached pages are shared by every later request: freezing makes an accidental in-place edit throw, not leak. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}
