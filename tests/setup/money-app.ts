import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Types } from 'mongoose'
import type { AuditEntry } from '../../src/audit/audit-entry.js'
import { inboxModel, type InboxEntry } from '../../src/payments/webhook-inbox.js'
import type { TestApp } from './app.js'

// Helpers for the money tests: the app on a loopback port (Razorpay's double delivers webhooks over HTTP to it),
// and readers of what was stored.

export interface Listening {
  url: string
  close(): Promise<void>
}

export async function listen(t: TestApp): Promise<Listening> {
  const server: Server = createServer(t.app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          resolve()
        })
      }),
  }
}

export async function committedAudit(t: TestApp, resource: string, id: string): Promise<AuditEntry[]> {
  return t.context.resources.audit
    .find({ resource, documentId: new Types.ObjectId(id), status: 'committed' })
    .sort({ revision: 1 })
    .lean<AuditEntry[]>()
}

export async function inboxEntries(t: TestApp, filter: Record<string, unknown> = {}): Promise<InboxEntry[]> {
  return inboxModel(t.context.db.connection).find(filter).sort({ createdAt: 1 }).lean<InboxEntry[]>()
}
