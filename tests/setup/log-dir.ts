import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { findSecrets } from './secret-patterns.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** One log directory for every app the suite builds, so the run's logs can be searched for secrets at the end. */
    logDir: string
  }
}

let logDir: string | undefined

export function setup(project: TestProject): void {
  logDir = mkdtempSync(path.join(tmpdir(), 'crm-test-logs-'))
  project.provide('logDir', logDir)
}

/** After the whole run: no log line may carry a password, a token or an authorization value. */
export function teardown(): void {
  if (!logDir) return
  const leaks: string[] = []
  for (const file of logFilesUnder(logDir)) {
    for (const leak of findSecrets(readFileSync(file, 'utf8'))) leaks.push(`${path.relative(logDir, file)}: ${leak}`)
  }
  if (leaks.length > 0) {
    throw new Error(`Secrets found in the test run's logs (kept in ${logDir}):\n${leaks.slice(0, 20).join('\n')}`)
  }
  rmSync(logDir, { recursive: true, force: true })
}

/** Log files at any depth: spawned servers write into sub-directories. */
function logFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return logFilesUnder(full)
    return name.endsWith('.log') ? [full] : []
  })
}
