import { createHash } from 'node:crypto'
import type { Response } from 'express'
import type { ListResult } from '../../models/resource-reads.js'
import { withId } from './wire.js'

/** The body of a list response, its size in bytes and its validator, built once per page object. */
export interface SerializedPage {
  /** UTF-8 bytes: a string body would be encoded again on every write. */
  readonly body: Buffer
  readonly length: number
  readonly etag: string
}

// Keyed by the page object itself: a page served from the list cache is the same object every time, so it is
// serialized and hashed once (JSON.stringify of a 20-row page costs as much as the rest of a cached request). A page
// read from the database is a new object, and its entry goes with it.
const serialized = new WeakMap<ListResult, SerializedPage>()

/**
 * `{ success, message, data, meta }` for a page, each record with its `id` (wire.ts); `meta` and `message` must
 * depend only on what the page was read with.
 */
export function serializedPage(result: ListResult, meta: Record<string, unknown>, message?: string): SerializedPage {
  let page = serialized.get(result)
  if (!page) {
    const data = result.items.map(withId)
    const body = Buffer.from(
      JSON.stringify({ success: true, ...(message === undefined ? {} : { message }), data, meta }),
    )
    // The same form as Express's default ETag (length and SHA-1 of the body), so If-None-Match still gets a 304.
    const hash = createHash('sha1').update(body).digest('base64').slice(0, 27)
    page = { body, length: body.length, etag: `W/"${body.length.toString(16)}-${hash}"` }
    serialized.set(result, page)
  }
  return page
}

/** Sends a page through Express (which also answers If-None-Match with 304). */
export function sendPage(res: Response, result: ListResult, meta: Record<string, unknown>, message?: string): void {
  const page = serializedPage(result, meta, message)
  res.set('ETag', page.etag)
  res.type('application/json; charset=utf-8').send(page.body)
}
