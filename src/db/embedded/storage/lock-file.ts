import { open, readFile, unlink } from 'node:fs/promises'
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
  // Two attempts: the second follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (await tryCreate(path)) {
      heldByThisProcess.add(dir)
      return () => releaseLock(dir, path)
    }
    const owner = await readOwner(path)
    if (owner !== undefined && owner.pid !== process.pid && isRunning(owner)) {
      throw new DataDirLockedError(dir, owner.pid)
    }
    await unlink(path).catch(ignoreMissing)
  }
  const owner = await readOwner(path)
  throw new DataDirLockedError(dir, owner?.pid ?? -1)
}

/** Exclusive create, so two servers starting together cannot both believe they won. */
async function tryCreate(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx')
    try {
      await handle.writeFile(`${formatIdentity(identityOf(process.pid))}\n`)
      await handle.sync()
    } finally {
      await handle.close()
    }
    return true
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false
    throw error
  }
}

async function readOwner(path: string): Promise<ProcessIdentity | undefined> {
  try {
    return parseIdentity(await readFile(path, 'utf8'))
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined
    throw error
  }
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
