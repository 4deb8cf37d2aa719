import { randomBytes } from 'node:crypto'
import { Types } from 'mongoose'
import type { TestApp } from '../setup/app.js'

/** A unique website-form body in seed 1's shape; `overrides` replace fields (undefined removes one). */
export function formBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const tag = randomBytes(4).toString('hex')
  const base: Record<string, unknown> = {
    name: 'Asha Verma',
    companyName: 'Verma Textiles',
    phoneNumber: `98${String(parseInt(tag, 16) % 100_000_000).padStart(8, '0')}`,
    email: `Asha.${tag}@Example.com`,
    location: 'Surat',
    service: 'MSME Registration',
    message: 'Please call me',
  }
  const merged = { ...base, ...overrides }
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined))
}

/** A minimal valid PDF. */
export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')

export interface RawEmailSpec {
  messageId?: string
  from?: string
  subject?: string
  text: string
  attachments?: Array<{ name: string; type: string; bytes: Buffer }>
}

/** An RFC 822 message as a mail provider's inbound hook delivers it. */
export function rawEmail(spec: RawEmailSpec): Buffer {
  const boundary = `b${randomBytes(6).toString('hex')}`
  const headers = [
    `From: ${spec.from ?? 'Website <forms@example.com>'}`,
    'To: leads@crm.test',
    `Subject: ${spec.subject ?? 'New enquiry'}`,
    `Message-ID: ${spec.messageId ?? `<${randomBytes(8).toString('hex')}@example.com>`}`,
    'Date: Tue, 01 Dec 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
  ]
  const parts = [
    [`--${boundary}`, 'Content-Type: text/plain; charset=utf-8', '', spec.text].join('\r\n'),
    ...(spec.attachments ?? []).map((file) =>
      [
        `--${boundary}`,
        `Content-Type: ${file.type}; name="${file.name}"`,
        `Content-Disposition: attachment; filename="${file.name}"`,
        'Content-Transfer-Encoding: base64',
        '',
        file.bytes.toString('base64'),
      ].join('\r\n'),
    ),
  ]
  return Buffer.from([...headers, '', ...parts, `--${boundary}--`, ''].join('\r\n'))
}

export async function storedLead(t: TestApp, id: string): Promise<Record<string, unknown> | null> {
  return t.context.resources.leads.model.collection.findOne({ _id: new Types.ObjectId(id) })
}
