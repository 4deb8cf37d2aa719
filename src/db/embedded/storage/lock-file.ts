import { randomBytes } from 'node:crypto'
import { link, open, readFile, unlink } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { join, resolve } from 'node:path'
import { formatIdentity, identityOf, isRunning, parseIdentity, type ProcessIdentity } from './process-identity.js'

export const LOCK_FILE_NAME = 'mongod.lock'

/** Data directories locked by this process: a lock holding our own pid is only stale if we do not hold it. */
const heldByThisProcess = new Set<string>()

/** Thrown when another live server owns the data directory. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Data directory ${dataDir} is already in use by another server (pid ${pid}). ` +
        `Stop that server or choose another data directory; if no such process runs, delete ${join(dataDir, LOCK_FILE_NAME)}.`,
    )
    this.name = 'DataDirLockedError'
  }
}

/**
 * Takes the directory's lock file (`mongod.lock`, holding our pid, start time and boot id). A lock left by a process
 * that is no longer running (after SIGKILL, even while it is an unreaped zombie; after a reboot, even when its pid
 * now belongs to something else) is taken over, so a crash never blocks the restart. Resolves to the release.
 */
export async function acquireLock(dataDir: string): Promise<() => Promise<void>> {
  const dir = resolve(dataDir)
  const path = join(dir, LOCK_FILE_NAME)
  if (heldByThisProcess.has(dir)) throw new DataDirLockedError(dir, process.pid)
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    if (await tryCreate(path)) {
      heldByThisProcess.add(dir)
      return () => releaseLock(dir, path)
    }
    const text = await readText(path)
    const owner = text === undefined ? undefined : parseIdentity(text)
    if (owner !== undefined && owner.pid !== process.pid && isRunning(owner)) {
      throw new DataDirLockedError(dir, owner.pid)
    }
    if (text !== undefined) await removeStale(path, text)
  }
  const owner = await readOwner(path)
  throw new DataDirLockedError(dir, owner?.pid ?? -1)
}

/** Attempts at taking the lock while other starters race for a stale one (each waits RETRY_MS when it loses). */
const MAX_ATTEMPTS = 50
const RETRY_MS = 20

/**
 * Removes a stale lock, one starter at a time (a `.takeover` file taken by exclusive create): otherwise a starter
 * that judged the old lock stale could delete the fresh lock another starter had just put in its place, and two
 * servers would share the directory. The lock is removed only if it still holds the text judged stale.
 */
async function removeStale(path: string, staleText: string): Promise<void> {
  const guard = `${path}.takeover`
  if (!(await tryCreate(guard))) {
    const holder = await readOwner(guard)
    // A starter that died while taking over leaves its guard behind: that one is stale too.
    if (holder === undefined || holder.pid === process.pid || !isRunning(holder)) {
      await unlink(guard).catch(ignoreMissing)
    }
    await sleep(RETRY_MS)
    return
  }
  try {
    if ((await readText(path)) === staleText) await unlink(path).catch(ignoreMissing)
  } finally {
    await unlink(guard).catch(ignoreMissing)
  }
}

/**
 * Exclusive create, so two servers starting together cannot both believe they won. The content is written to a file
 * of our own first and then hard-linked into place (link fails when the name exists): a reader never sees a lock
 * that exists but is still empty, which it would take for a stale one.
 */
async function tryCreate(path: string): Promise<boolean> {
  const draft = `${path}.${String(process.pid)}.${randomBytes(4).toString('hex')}`
  const handle = await open(draft, 'wx')
  try {
    await handle.writeFile(`${formatIdentity(identityOf(process.pid))}\n`)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await link(draft, path)
    return true
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false
    throw error
  } finally {
    await unlink(draft).catch(ignoreMissing)
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined
    throw error
  }
}

async function readOwner(path: string): Promise<ProcessIdentity | undefined> {
  const text = await readText(path)
  return text === undefined ? undefined : parseIdentity(text)
}

async function releaseLock(dir: string, path: string): Promise<void> {
  if (!heldByThisProcess.delete(dir)) return
  // Only remove the file if it is still ours (an operator may have deleted and another server re-created it).
  if ((await readOwner(path))?.pid === process.pid) await unlink(path).catch(ignoreMissing)
}

function ignoreMissing(error: unknown): void {
  if (!isErrno(error, 'ENOENT')) throw error
}

export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code
}
