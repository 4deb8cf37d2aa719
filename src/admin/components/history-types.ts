/**
 * One line of the history view: who, when, what changed from what to what, and why. Types only, so the browser
 * component can import it without pulling server code into the bundle.
 */
export interface HistoryRow {
  /** The record a line is about when the view mixes several (the activity timeline: `child-tasks: Fix login`). */
  subject?: string
  revision: number
  action: string
  at: string
  who: string
  reason: string | null
  changes: Array<{ path: string; before?: unknown; after?: unknown }>
}
