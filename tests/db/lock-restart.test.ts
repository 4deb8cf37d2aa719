import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MongoClient } from 'mongodb'
import { afterAll, describe, expect, it } from 'vitest'
import { CLI_SKIP_REASON, startCliServer, type CliServer } from './helpers/cli-server.js'

// Finding 10: the embedded database judged `mongod.lock` stale by whether the pid inside existed. Right after a
// SIGKILL that pid can still exist (a zombie not yet reaped), and after a reboot it can be any process; then the
// restart refused. The lock now names the process by pid, start time and boot id.

const external = Boolean(process.env.MONGO_URL)
const running: CliServer[] = []
afterAll(async () => {
  await Promise.all(running.map((server) => server.stop('SIGKILL')))
})

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'crm-lock-'))
}

async function insertOne(uri: string, n: number): Promise<number> {
  const client = await MongoClient.connect(uri, { directConnection: true })
  try {
    const items = client.db('lock').collection<{ n: number }>('items')
    await items.insertOne({ n })
    return await items.countDocuments()
  } finally {
    await client.close()
  }
}

/** A zombie: `sleep 0` exits under a shell that exec's into `sleep` and so never reaps it; prints the zombie's pid. */
async function zombiePid(): Promise<{ pid: number; kill: () => void }> {
  const holder = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] })
  const pid = await new Promise<number>((resolve) => {
    holder.stdout.once('data', (chunk: Buffer) => {
      resolve(Number(chunk.toString().trim()))
    })
  })
  // Wait until it has exited and shows as a zombie.
  for (let i = 0; i < 100; i++) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
    if (stat.includes(') Z ')) break
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return { pid, kill: () => holder.kill('SIGKILL') }
}

describe.skipIf(external)(
  external ? `embedded database lock (${CLI_SKIP_REASON})` : 'embedded database lock: kill and restart at once',
  () => {
    it('when the server is SIGKILLed and started again at once, 20 times in a row, every start succeeds and keeps every write', async () => {
      const dir = await tempDir()
      for (let round = 1; round <= 20; round++) {
        const server = await startCliServer(dir)
        running.push(server)
        expect(await insertOne(server.uri, round)).toBe(round)
        // No wait for the exit: the next start runs while the killed pid may still be an unreaped zombie.
        process.kill(server.pid, 'SIGKILL')
      }
    }, 600_000)

    it('when the lock names a zombie pid or a live pid with another start time, the server starts; a live holder still blocks', async () => {
      const zombie = await zombiePid()
      const dir = await tempDir()
      await writeFile(join(dir, 'mongod.lock'), `${zombie.pid}\n`)
      const first = await startCliServer(dir)
      running.push(first)
      expect(await insertOne(first.uri, 1)).toBe(1)
      expect(await first.stop('SIGTERM')).toBe(0)
      zombie.kill()

      // Pid 1 always runs, but it did not start at tick 1 of this boot: it is not the process that wrote this lock.
      const bootId = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim()
      await writeFile(join(dir, 'mongod.lock'), `1 1 ${bootId}\n`)
      const second = await startCliServer(dir)
      running.push(second)
      expect(await insertOne(second.uri, 2)).toBe(2)

      await expect(startCliServer(dir)).rejects.toThrow(`pid ${String(second.pid)}`)
    }, 120_000)
  },
)

describe.skipIf(external)(
  external ? `embedded database lock (${CLI_SKIP_REASON})` : 'embedded database lock: starters racing for a stale lock',
  () => {
    it('when four servers start at once on a directory with a stale lock, exactly one of them gets it', async () => {
      const dir = await tempDir()
      await writeFile(join(dir, 'mongod.lock'), `1 1 not-this-boot\n`)
      const results = await Promise.allSettled(Array.from({ length: 4 }, () => startCliServer(dir)))
      const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))
      running.push(...started)
      expect(started).toHaveLength(1)
      for (const result of results) {
        if (result.status === 'rejected') expect(String(result.reason)).toMatch(/already in use by another server/)
      }
    }, 120_000)
  },
)
