import type { Response } from 'express'

/** Pagination and other facts about `data`. */
export type Meta = Record<string, unknown>

/** The /api/v1 success envelope: `{ success: true, data, meta }`. */
export function sendData(res: Response, data: unknown, options: { status?: number; meta?: Meta } = {}): void {
  res.status(options.status ?? 200).json({ success: true, data, meta: options.meta ?? {} })
}
