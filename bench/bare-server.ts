/**
 * The baseline of `npm run bench:api`: node:http answering every request with one fixed JSON page, in a process of
 * its own like the app (so neither shares a thread with the load generator). Prints its port when listening.
 * Run by bench/api.ts: tsx bench/bare-server.ts <payload file>
 */
import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

const file = process.argv[2]
if (!file) throw new Error('usage: bare-server.ts <payload file>')
const payload = readFileSync(file)
const server = http
  .createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(payload)
  })
  .listen(0, '127.0.0.1', () => {
    console.log(String((server.address() as AddressInfo).port))
  })
