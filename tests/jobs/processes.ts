import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { killAppProcesses, spawnEntry, type LogLine, type SpawnedProcess } from '../setup/app-process.js'

// Real processes of the app (src/main.ts, what `npm start` runs) and of the worker (src/worker.ts, what
// `npm run worker` runs), on a database of the suite's server, read through their JSON log lines on stdout.

export type { LogLine }

export interface Child {
  process: SpawnedProcess['child']
  lines: LogLine[]
  waitFor(test: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>
  exited: Promise<number | null>
}

/** Kills what a failed test left running. */
export const killLeftovers = killAppProcesses

export function startProcess(entry: 'main' | 'worker', env: Record<string, string>): Child {
  const spawned = spawnEntry(entry, {
    JOBS_POLL_MS: '200',
    // Development drops the admin bundle at start: keep that away from the bundle the other tests share.
    ADMIN_JS_TMP_DIR: mkdtempSync(path.join(tmpdir(), `crm-${entry}-adminjs-`)),
    ...env,
  })
  return {
    process: spawned.child,
    lines: spawned.lines,
    exited: spawned.exited,
    waitFor: (test, timeoutMs = 90_000) => spawned.waitFor(test, timeoutMs),
  }
}
