import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { inject } from 'vitest'

// Real entry points as child processes (`node --import tsx src/<entry>.ts`, what `npm start` and `npm run worker`
// run), their JSON log lines on stdout collected. tsx's loader runs inside the one node process: the tsx CLI relays
// SIGTERM to a child of its own and SIGKILLs it when the child does not acknowledge within 30 ms, which a loaded
// machine can miss, and the signal is often what is under test.

export interface LogLine {
  message?: string
  port?: number
  path?: string
  method?: string
  status?: number
  signal?: string
  [key: string]: unknown
}

export interface SpawnedProcess {
  child: ChildProcess
  lines: LogLine[]
  exited: Promise<number | null>
  /** The first line passing `test`; rejects after `timeoutMs` when given. */
  waitFor(test: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>
}

export interface AppProcess extends SpawnedProcess {
  /** The base URL, once the server logged `server listening`. */
  base(): Promise<string>
}

const children: ChildProcess[] = []

/** SIGKILLs every child still running (call from afterAll). */
export function killAppProcesses(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
}

function collectLines(child: ChildProcess, lines: LogLine[], onLine: (line: LogLine) => void): void {
  let buffer = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8')
    const complete = buffer.split('\n')
    buffer = complete.pop() ?? ''
    for (const text of complete) {
      if (!text.startsWith('{')) continue
      const line = JSON.parse(text) as LogLine
      lines.push(line)
      onLine(line)
    }
  })
}

/** Starts `src/<entry>.ts` on a fresh DATA_DIR with `env` over the test process's environment. */
export function spawnEntry(entry: 'main' | 'worker', env: Record<string, string | undefined>): SpawnedProcess {
  const dataDir = mkdtempSync(path.join(tmpdir(), `crm-${entry}-`))
  const child = spawn(process.execPath, ['--import', 'tsx', `src/${entry}.ts`], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      // Development, not test: under NODE_ENV=test the logger writes nothing to stdout, and stdout is what is read.
      NODE_ENV: 'development',
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_DIR: path.join(inject('logDir'), `${entry}-${path.basename(dataDir)}`),
      LOG_LEVEL: 'debug',
      ...env,
    },
    // The command of `npm start`, run directly: npm itself would turn the child's exit into a signal death.
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  const lines: LogLine[] = []
  const waiters: Array<{ test: (line: LogLine) => boolean; resolve: (line: LogLine) => void }> = []
  collectLines(child, lines, (line) => {
    for (const waiter of waiters.filter((w) => w.test(line))) waiter.resolve(line)
  })
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code)
    })
  })
  const waitFor = (test: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine> => {
    const seen = lines.find(test)
    if (seen) return Promise.resolve(seen)
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
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
  return { child, lines, exited, waitFor }
}

/** The app as on a fresh clone: no MONGO_URL, i.e. on the embedded database. */
export function startApp(env: Record<string, string | undefined>): AppProcess {
  const app = spawnEntry('main', { MONGO_URL: undefined, Mongo_URL: undefined, ...env })
  const base = async () => {
    const { port } = await app.waitFor((line) => line.message === 'server listening')
    return `http://127.0.0.1:${String(port)}`
  }
  return { ...app, base }
}
