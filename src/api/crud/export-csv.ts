import type { Response } from 'express'
import { csvLine } from './csv.js'

/** Rows are gathered into chunks of about this many characters before a write. */
const CHUNK_CHARS = 64 * 1024

/** Waits until the socket takes more, or the client went away; leaves no listener behind. */
async function drained(res: Response): Promise<void> {
  await new Promise<void>((resolve) => {
    const done = (): void => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}

/**
 * Streams rows as CSV while they come from the cursor, pausing when the client reads slower than the database
 * (backpressure): memory holds one chunk, whatever the row count.
 */
export async function streamCsv(
  res: Response,
  filename: string,
  columns: readonly string[],
  rows: AsyncIterable<Record<string, unknown>>,
): Promise<number> {
  res.status(200)
  res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"` })
  let chunk = csvLine(columns)
  let count = 0
  for await (const row of rows) {
    if (res.destroyed) break
    chunk += csvLine(columns.map((column) => row[column]))
    count += 1
    if (chunk.length >= CHUNK_CHARS) {
      const more = res.write(chunk)
      chunk = ''
      if (!more) await drained(res)
    }
  }
  res.end(chunk)
  return count
}
