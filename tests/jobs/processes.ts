import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { inject } from 'vitest'

// Real processes of the app (src/main.ts, what `npm start` runs) and of the worker (src/worker.ts, what
// `npm run worker` runs), on a database of the suite's server, read through their JSON log lines on stdout.

export interface LogLine {
  message?: string
  port?: number
  [key: string]: unknown
}

export interface Child {
  process: ChildProcess
  lines: LogLine[]
  waitFor(test: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>
  exited: Promise<number | null>
}

const children: ChildProcess[] = []

/** Kills what a failed test left running. */
export function killLeftovers(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
}

export function startProcess(entry: 'main' | 'worker', env: Record<string, string>): Child {
  const dataDir = mkdtempSync(path.join(tmpdir(), `crm-${entry}-`))
  // tsx's loader inside one node process: the tsx CLI relays SIGTERM to a child of its own and SIGKILLs it when the
  // child does not acknowledge within 30 ms, which a loaded machine can miss; the signal is what is under test here.
  const child = spawn(process.execPath, ['--import', 'tsx', `src/${entry}.ts`], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      // Development, not test: under NODE_ENV=test the logger writes nothing to stdout, and stdout is what is read.
      NODE_ENV: 'development',
      PORT: '0',
      DATA_DIR: dataDir,
      // Development drops the admin bundle at start: keep that away from the bundle the other tests share.
      ADMIN_JS_TMP_DIR: path.join(dataDir, 'adminjs'),
      LOG_LEVEL: 'debug',
      LOG_DIR: path.join(inject('logDir'), `${entry}-${String(Date.now())}`),
      JOBS_POLL_MS: '200',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  const lines: LogLine[] = []
  const waiters: Array<{ test: (line: LogLine) => boolean; resolve: (line: LogLine) => void }> = []
  let buffer = ''
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8')
    const complete = buffer.split('\n')
    buffer = complete.pop() ?? ''
    for (const text of complete) {
      if (!text.startsWith('{')) continue
      const line = JSON.parse(text) as LogLine
      lines.push(line)
      for (const waiter of waiters.filter((w) => w.test(line))) waiter.resolve(line)
    }
  })
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code)
    })
  })
  const waitFor = (test: (line: LogLine) => boolean, timeoutMs = 90_000): Promise<LogLine> => {
    const seen = lines.find(test)
    if (seen) return Promise.resolve(seen)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no matching log line from ${entry} within ${String(timeoutMs)} ms`))
      }, timeoutMs)
      waiters.push({
        test,
        resolve: (line) => {
          clearTimeout(timer)
          resolve(line)
        },
      })
    })
  }
  return { process: child, lines, waitFor, exited }
}
