import { performance } from 'node:perf_hooks'
import { MongoCommandError } from '../errors.js'
import { nextSlice } from './slice-queue.js'

/** How long one slice of a long operation may hold the event loop, in ms, before other clients get a turn. */
export const DEFAULT_SLICE_MS = 1

/** Documents examined between two clock reads: reading the clock per document would cost more than the test. */
const CHECK_EVERY = 64

/** Why an operation stops early: its cursor was killed, its client hung up, or the server is stopping. */
export type CancelReason = 'killed' | 'interrupted' | 'shutdown'

/**
 * One running read: its deadline (`maxTimeMS`), whether it was cancelled (cursor killed, client gone, server
 * stopping), and what it cost, for the slow-query log. Long loops call `tick()` per document and `await pause()`
 * when it says the slice is used up, so one scan never keeps pings, heartbeats and short queries waiting.
 */
export class Operation {
  examined = 0
  /** Set by reads (COLLSCAN, IXSCAN <index>) and index builds; NONE for commands that plan nothing. */
  plan = 'NONE'
  readonly startedAt = performance.now()
  private sliceStart = this.startedAt
  private sinceCheck = 0
  private cancelledBy: CancelReason | undefined

  constructor(
    /** Absolute `performance.now()` deadline, or Infinity. */
    private readonly deadline: number = Number.POSITIVE_INFINITY,
    private readonly sliceMs: number = DEFAULT_SLICE_MS,
  ) {}

  static withMaxTime(maxTimeMS: number | undefined, sliceMs?: number): Operation {
    const limit = maxTimeMS !== undefined && maxTimeMS > 0 ? performance.now() + maxTimeMS : Number.POSITIVE_INFINITY
    return new Operation(limit, sliceMs)
  }

  get elapsedMs(): number {
    return performance.now() - this.startedAt
  }

  /** Counts one examined document; true when the slice is used up and the caller should `await pause()`. */
  tick(): boolean {
    this.examined++
    return this.due()
  }

  /** True when the slice is used up (read from the clock every few calls). */
  due(): boolean {
    if (++this.sinceCheck < CHECK_EVERY) return false
    this.sinceCheck = 0
    return performance.now() - this.sliceStart >= this.sliceMs
  }

  /** Lets every other ready callback (sockets first) run, then throws if the operation must stop. */
  async pause(): Promise<void> {
    this.check()
    await nextSlice()
    this.check()
    this.sliceStart = performance.now()
  }

  cancel(reason: CancelReason): void {
    this.cancelledBy ??= reason
  }

  /** Throws MaxTimeMSExpired (50), CursorKilled (237) or Interrupted (11601) when the operation must stop. */
  check(): void {
    if (this.cancelledBy === 'killed') throw new MongoCommandError('CursorKilled', 'cursor killed during operation')
    if (this.cancelledBy === 'interrupted') throw new MongoCommandError('Interrupted', 'operation was interrupted')
    // MongoDB answers 11600 InterruptedAtShutdown here, which drivers retry (on a server that is going away); the
    // non-retryable 11601 lets the caller fail at once.
    if (this.cancelledBy === 'shutdown')
      throw new MongoCommandError('Interrupted', 'interrupted: the server is stopping')
    if (performance.now() > this.deadline) {
      throw new MongoCommandError('MaxTimeMSExpired', 'operation exceeded time limit')
    }
  }
}
