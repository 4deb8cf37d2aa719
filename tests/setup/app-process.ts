import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { inject } from 'vitest'

// The real entry point (what `npm start` runs: `node --import tsx src/main.ts`) as a child process on a fresh DATA_DIR with no
// MONGO_URL, i.e. on the embedded database, exactly as on a fresh clone. Its JSON log lines on stdout are collected.

export interface LogLine {
  message?: string
  port?: number
  path?: string
  method?: string
  status?: number
  signal?: string
}

export interface AppProcess {
  child: ChildProcess
  lines: LogLine[]
  exited: Promise<number | null>
  waitFor(test: (line: LogLine) => boolean): Promise<LogLine>
  /** The base URL, once the server logged `server listening`. */
  base(): Promise<string>
}

const children: ChildProcess[] = []

/** SIGKILLs every child still running (call from afterAll). */
export function killAppProcesses(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
}

export function startApp(env: Record<string, string | undefined>): AppProcess {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'crm-process-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_DIR: path.join(inject('logDir'), `process-${path.basename(dataDir)}`),
      LOG_LEVEL: 'debug',
      MONGO_URL: undefined,
      Mongo_URL: undefined,
      ...env,
    },
    // The command of `npm start`, run directly: npm itself would turn the child's exit into a signal death.
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
  const waitFor = (test: (line: LogLine) => boolean): Promise<LogLine> => {
    const seen = lines.find(test)
    return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ test, resolve }))
  }
  const base = async () => {
    const { port } = await waitFor((line) => line.message === 'server listening')
    return `http://127.0.0.1:${String(port)}`
  }
  return { child, lines, exited, waitFor, base }
}
