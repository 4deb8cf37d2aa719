import { spawn } from 'node:child_process'
import type { ChildProcessByStdio } from 'node:child_process'
import { createServer } from 'node:net'
import type { Readable } from 'node:stream'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const READY_TIMEOUT_MS = 30_000

/** Why the suites that drive the embedded server's CLI do not run against MONGO_URL. */
export const CLI_SKIP_REASON =
  'skipped: MONGO_URL targets a real MongoDB, and these tests exercise the embedded server process itself (its CLI, data directory and lock file)'

type Child = ChildProcessByStdio<null, Readable, Readable>

/** `npm run db` in a child process: node itself (not npx), so `pid` is the server's own pid. */
export interface CliServer {
  uri: string
  pid: number
  /** Everything the server printed so far, stdout and stderr interleaved. */
  output(): string
  /** Sends `signal` and resolves with the exit code (null when killed by the signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** A free loopback port (asked of the OS, then released for the server to take). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve()
    })
  })
  if (typeof address !== 'object' || !address) throw new Error('no port')
  return address.port
}

/** Options of the server process that the CLI does not expose. */
export interface ServerProcessOptions {
  /** Journal bytes before a snapshot: small values make the process compact all the time. */
  compactAfterBytes?: number
}

function spawnCli(
  dbpath: string,
  port: number,
  options: ServerProcessOptions = {},
): { child: Child; output: () => string } {
  const args =
    options.compactAfterBytes === undefined
      ? ['src/cli/db.ts', '--port', String(port), '--dbpath', dbpath]
      : ['--input-type=module', '-e', inlineServer(dbpath, port, options.compactAfterBytes)]
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  const collect = (chunk: Buffer): void => {
    text += chunk.toString()
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  return { child, output: () => text }
}

/** What the CLI does, plus a compaction threshold: the same entry point, so the same server code runs. */
function inlineServer(dbpath: string, port: number, compactAfterBytes: number): string {
  const index = pathToFileURL(join(repoRoot, 'src/db/embedded/index.ts')).href
  return `
    import { startEmbeddedMongo } from ${JSON.stringify(index)}
    const server = await startEmbeddedMongo({ port: ${port}, dataDir: ${JSON.stringify(dbpath)}, compactAfterBytes: ${compactAfterBytes} })
    console.log(server.uri)
    process.once('SIGTERM', () => server.stop().then(() => process.exit(0)))`
}

function exitOf(child: Child): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      resolve(code)
    })
  })
}

/** Starts the CLI (or, with options, the same server with those options) on `dbpath` and resolves once it printed its `mongodb://` URI. */
export async function startCliServer(dbpath: string, options: ServerProcessOptions = {}): Promise<CliServer> {
  const { child, output } = spawnCli(dbpath, await freePort(), options)
  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`server not ready after ${READY_TIMEOUT_MS} ms:\n${output()}`))
    }, READY_TIMEOUT_MS)
    const check = (): void => {
      const match = /^mongodb:\/\/\S+$/m.exec(output())
      if (match) {
        clearTimeout(timer)
        resolve(match[0])
      }
    }
    child.stdout.on('data', check)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`server exited (${code ?? signal}) before it was ready:\n${output()}`))
    })
  })
  return {
    uri,
    pid: child.pid ?? -1,
    output,
    stop: (signal = 'SIGTERM') => {
      const exited = exitOf(child)
      child.kill(signal)
      return exited
    },
  }
}

/** Starts the CLI where it is expected to refuse to start; resolves with its exit code and output. */
export async function startCliServerExpectingFailure(dbpath: string): Promise<{ code: number | null; output: string }> {
  const { child, output } = spawnCli(dbpath, await freePort())
  const timer = setTimeout(() => child.kill('SIGKILL'), READY_TIMEOUT_MS)
  const code = await exitOf(child)
  clearTimeout(timer)
  return { code, output: output() }
}
