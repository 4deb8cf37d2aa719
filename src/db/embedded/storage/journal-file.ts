import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { journalName, syncDir, writeAll } from './generations.js'

interface Waiter {
  resolve: () => void
  reject: (error: Error) => void
}

/** Records queued together, written together, acknowledged together. */
interface Batch {
  frames: Buffer[]
  bytes: number
  waiters: Waiter[]
}

interface Rotation {
  /** Records appended before the cut: they belong to the old journal, whatever the snapshot does. */
  tail: Batch
  done: Waiter
}

const emptyBatch = (): Batch => ({ frames: [], bytes: 0, waiters: [] })

/**
 * The append side of one journal generation at a time, with group commit: one flush (write + fdatasync) is in
 * flight at most, and everything appended meanwhile goes into the next single flush. A promise returned by
 * `append` resolves only once its records are on disk.
 */
export class JournalWriter {
  private queue = emptyBatch()
  private rotation: Rotation | undefined
  private running = false
  private idle: Waiter[] = []
  /** After a failed write or fsync the file's state is unknown; refuse everything rather than ack on top of it. */
  private failure: Error | undefined

  private constructor(
    private readonly dir: string,
    private handle: FileHandle,
    /** Generation of the journal that new appends go to. */
    public gen: number,
    /** Bytes in the current journal, the compaction trigger. */
    public size: number,
    private readonly afterFlush: () => void,
  ) {}

  /** Opens (creating if needed) `journal-<gen>.log` for appending; `afterFlush` runs synchronously after each flush. */
  static async open(dir: string, gen: number, afterFlush: () => void): Promise<JournalWriter> {
    const { handle, size } = await openJournal(dir, gen)
    return new JournalWriter(dir, handle, gen, size, afterFlush)
  }

  append(frames: readonly Buffer[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      for (const frame of frames) {
        this.queue.frames.push(frame)
        this.queue.bytes += frame.length
      }
      this.queue.waiters.push({ resolve, reject })
      this.kick()
    })
  }

  /**
   * The cut. Must be called synchronously with the state dump: what is queued now predates the dump and is flushed
   * to the current journal; whatever is appended from now on goes to `journal-<gen + 1>`. Resolves once the old
   * journal is complete on disk and the new one exists durably.
   */
  rotate(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    if (this.rotation) return Promise.reject(new Error('journal rotation already in progress'))
    const tail = this.queue
    this.queue = emptyBatch()
    this.gen += 1
    return new Promise((resolve, reject) => {
      this.rotation = { tail, done: { resolve, reject } }
      this.kick()
    })
  }

  /** Resolves when nothing is queued or being written. */
  drain(): Promise<void> {
    if (!this.running) return Promise.resolve()
    return new Promise((resolve, reject) => this.idle.push({ resolve, reject }))
  }

  /** The error that stopped the writer, if one did. */
  get error(): Error | undefined {
    return this.failure
  }

  async close(): Promise<void> {
    await this.drain()
    await this.handle.close()
  }

  private kick(): void {
    if (this.running) return
    this.running = true
    // A microtask, not a direct call: appends made in the same synchronous run (one socket read carrying several
    // commands) then share the first flush too.
    queueMicrotask(() => void this.run())
  }

  private async run(): Promise<void> {
    while (!this.failure && (this.rotation || this.queue.frames.length > 0 || this.queue.waiters.length > 0)) {
      if (this.rotation) {
        await this.finishRotation(this.rotation)
        continue
      }
      const batch = this.queue
      this.queue = emptyBatch()
      if (await this.flush(batch)) this.afterFlush()
    }
    this.running = false
    for (const waiter of this.idle.splice(0)) waiter.resolve()
  }

  /** Writes and fsyncs one batch, then settles its waiters. False when it failed (the writer is then dead). */
  private async flush(batch: Batch): Promise<boolean> {
    try {
      if (batch.bytes > 0) {
        await writeAll(this.handle, Buffer.concat(batch.frames, batch.bytes))
        // fdatasync also persists the file size, which is all the metadata an append changes.
        await this.handle.datasync()
        this.size += batch.bytes
      }
      for (const waiter of batch.waiters) waiter.resolve()
      return true
    } catch (error) {
      this.fail(error, batch)
      return false
    }
  }

  private async finishRotation(rotation: Rotation): Promise<void> {
    if (!(await this.flush(rotation.tail))) {
      this.rotation = undefined
      return // fail() has already rejected the rotation's waiter
    }
    try {
      const next = await openJournal(this.dir, this.gen)
      await this.handle.close()
      this.handle = next.handle
      this.size = next.size
      this.rotation = undefined
      rotation.done.resolve()
    } catch (error) {
      this.fail(error, emptyBatch())
      this.rotation = undefined
    }
  }

  private fail(error: unknown, batch: Batch): void {
    this.failure = error instanceof Error ? error : new Error(String(error))
    const everyone = new Set([...batch.waiters, ...this.queue.waiters])
    if (this.rotation) {
      everyone.add(this.rotation.done)
      for (const waiter of this.rotation.tail.waiters) everyone.add(waiter)
    }
    this.queue = emptyBatch()
    for (const waiter of everyone) waiter.reject(this.failure)
  }
}

async function openJournal(dir: string, gen: number): Promise<{ handle: FileHandle; size: number }> {
  const handle = await open(join(dir, journalName(gen)), 'a')
  try {
    const size = (await handle.stat()).size
    // The new file's directory entry must be durable before a record acked in it can count as durable.
    if (size === 0) await syncDir(dir)
    return { handle, size }
  } catch (error) {
    await handle.close()
    throw error
  }
}
