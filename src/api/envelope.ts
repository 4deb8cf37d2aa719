import type { Response } from 'express'

/** Pagination and other facts about `data`. */
export type Meta = Record<string, unknown>

export interface SendOptions {
  status?: number
  meta?: Meta
  /** A short sentence for people (`Booking updated`), as seed 2's clients show it; left out when not given. */
  message?: string
}

/** The /api/v1 success envelope: `{ success: true, message?, data, meta }`. */
export function sendData(res: Response, data: unknown, options: SendOptions = {}): void {
  const message = options.message === undefined ? {} : { message: options.message }
  res.status(options.status ?? 200).json({ success: true, ...message, data, meta: options.meta ?? {} })
}
