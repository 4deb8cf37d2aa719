import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

// A loopback Apps Script web app: takes seed 1's JSON rows with `__secret`, answers `{ success: true }`, or fails
// on demand as a Google outage would.

export const APPSCRIPT_TEST_SECRET = 'appscript-test-secret'

export interface AppScriptDouble {
  url: string
  rows: Array<Record<string, unknown>>
  /** Answer 503 until cleared. */
  down: boolean
  close(): Promise<void>
}

export async function startAppScriptDouble(): Promise<AppScriptDouble> {
  const double: AppScriptDouble = { url: '', rows: [], down: false, close: () => Promise.resolve() }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      res.setHeader('content-type', 'application/json')
      if (double.down) {
        res.statusCode = 503
        res.end(JSON.stringify({ success: false, message: 'Service unavailable' }))
        return
      }
      const row = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>
      if (row.__secret !== APPSCRIPT_TEST_SECRET) {
        res.end(JSON.stringify({ success: false, message: 'Unauthorized' }))
        return
      }
      double.rows.push(row)
      res.end(JSON.stringify({ success: true }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  double.url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/exec`
  double.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        resolve()
      })
    })
  return double
}
