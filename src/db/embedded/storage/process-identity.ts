import { readFileSync } from 'node:fs'

// Who holds a lock, in a form the OS cannot recycle: a pid alone is reused (after a reboot it may be any process) and
// stays visible as a zombie right after SIGKILL until its parent reaps it. With the process start time from /proc
// and the boot id, a lock names one process in one boot; where /proc is missing, the pid alone is all there is.

export interface ProcessIdentity {
  pid: number
  /** Clock ticks after boot at which the process started (`/proc/<pid>/stat` field 22); undefined without /proc. */
  startTime?: string | undefined
  /** `/proc/sys/kernel/random/boot_id`; undefined without /proc. */
  bootId?: string | undefined
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

/** State and start time of a live (or zombie) process; undefined when /proc has no such pid. */
function statOf(pid: number): { state: string; startTime: string } | undefined {
  const stat = readText(`/proc/${pid}/stat`)
  if (stat === undefined) return undefined
  // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const state = fields[0]
  const startTime = fields[19]
  return state !== undefined && startTime !== undefined ? { state, startTime } : undefined
}

export function currentBootId(): string | undefined {
  return readText('/proc/sys/kernel/random/boot_id')?.trim()
}

export function identityOf(pid: number): ProcessIdentity {
  return { pid, startTime: statOf(pid)?.startTime, bootId: currentBootId() }
}

/** `pid startTime bootId`, one line; older lock files hold the pid alone. */
export function formatIdentity(identity: ProcessIdentity): string {
  return [identity.pid, identity.startTime ?? '-', identity.bootId ?? '-'].join(' ')
}

export function parseIdentity(text: string): ProcessIdentity | undefined {
  const [pidText, startTime, bootId] = text.trim().split(/\s+/)
  const pid = Number.parseInt(pidText ?? '', 10)
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined
  const known = (value: string | undefined) => (value === undefined || value === '-' ? undefined : value)
  return { pid, startTime: known(startTime), bootId: known(bootId) }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return error instanceof Error && (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** True when the process the identity names is still running (not exited, not a zombie, not a pid reused since). */
export function isRunning(identity: ProcessIdentity): boolean {
  const bootId = currentBootId()
  if (identity.bootId !== undefined && bootId !== undefined && identity.bootId !== bootId) return false
  const stat = statOf(identity.pid)
  if (stat === undefined) return bootId === undefined && pidExists(identity.pid)
  // Z: exited, not yet reaped; X: dead.
  if (stat.state === 'Z' || stat.state === 'X') return false
  return identity.startTime === undefined || identity.startTime === stat.startTime
}
