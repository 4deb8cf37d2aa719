/**
 * Items queued while the event loop is busy, handed to `send` together on its next turn. At most one send runs at a
 * time: items queued meanwhile wait for it and go in the next one, so batches grow with the load (group commit).
 * `send` handles its own errors (it must not reject): each user decides what a failed batch means for its items.
 */
export class NextTurnBatches<T> {
  private queued: T[] = []
  private sending: Promise<void> | undefined

  constructor(private readonly send: (batch: T[]) => Promise<void>) {}

  add(item: T): void {
    this.queued.push(item)
    this.sending ??= new Promise<void>((next) => setImmediate(next)).then(() => this.sendQueued())
  }

  /** Resolves once every item queued so far has been sent. */
  async settled(): Promise<void> {
    while (this.sending) await this.sending
  }

  private async sendQueued(): Promise<void> {
    const batch = this.queued
    this.queued = []
    try {
      await this.send(batch)
    } finally {
      this.sending = this.queued.length > 0 ? this.sendQueued() : undefined
    }
  }
}
