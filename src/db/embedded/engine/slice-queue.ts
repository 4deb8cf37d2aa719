/**
 * Round-robin turns for long operations. Each paused operation waits here, and one turn of the event loop resumes
 * only the first of them; the next waits for the next turn. Sockets are polled between every two slices, so with
 * 20 scans running a ping waits about one slice, not twenty (which is what every scan scheduling its own
 * `setImmediate` would cost: Node runs every immediate queued before the check phase in one go).
 */
const waiting: (() => void)[] = []
let scheduled = false

function resumeNext(): void {
  scheduled = false
  const next = waiting.shift()
  if (waiting.length > 0) schedule()
  next?.()
}

function schedule(): void {
  if (scheduled) return
  scheduled = true
  setImmediate(resumeNext)
}

/** Resolves on a later turn of the event loop, after every operation that paused earlier had its slice. */
export function nextSlice(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve)
    schedule()
  })
}
