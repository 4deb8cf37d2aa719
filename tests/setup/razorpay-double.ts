import { createHmac, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

// A loopback Razorpay: the REST endpoints the SDK calls for payment links and UPI QR codes (with Basic auth and
// Razorpay's error shape), a settable fault, and signed webhook deliveries as Razorpay sends them.

export const DOUBLE_KEY_ID = 'rzp_test_double'
export const DOUBLE_KEY_SECRET = 'double-secret-not-real'
export const DOUBLE_WEBHOOK_SECRET = 'whsec-double-not-real'

type Entity = Record<string, unknown> & { id: string }

export interface RazorpayDouble {
  url: string
  links: Map<string, Entity>
  qrs: Map<string, Entity>
  /** Every request the double received (method and path), in order. */
  calls: Array<{ method: string; path: string; body: Record<string, unknown> }>
  /** Answer every API call with this status until cleared (undefined: healthy). */
  failWith: number | undefined
  /** Creates a link as a POST /v1/payment_links would (for a create whose answer the app never saw). */
  createLink(body: Record<string, unknown>): Entity
  /** Marks a link paid as Razorpay would after the customer pays; returns the payment entity. */
  payLink(id: string): Entity
  /** Credits a QR code with one payment of its amount; returns the payment entity. */
  creditQr(id: string): Entity
  /** Signs and POSTs one webhook event; returns the status and body of the answer. */
  deliver(target: string, event: string, payload: Record<string, unknown>, options?: DeliverOptions): Promise<Delivery>
  close(): Promise<void>
}

export interface DeliverOptions {
  eventId?: string
  secret?: string
  /** Send this exact body instead of the JSON built from event/payload. */
  rawBody?: string
}

export interface Delivery {
  status: number
  body: unknown
  eventId: string
}

const now = () => Math.floor(Date.now() / 1000)
const newId = (prefix: string) => `${prefix}_${randomBytes(7).toString('hex')}`

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

interface Answer {
  status: number
  body: unknown
}

function refusal(status: number, description: string): Answer {
  return { status, body: { error: { code: 'BAD_REQUEST_ERROR', description, source: 'business', reason: 'input_validation_failed' } } }
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>)
}

function authorised(req: IncomingMessage): boolean {
  const expected = `Basic ${Buffer.from(`${DOUBLE_KEY_ID}:${DOUBLE_KEY_SECRET}`).toString('base64')}`
  return req.headers.authorization === expected
}

/** 1×1 PNG, what a QR image URL serves. */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

export async function startRazorpayDouble(): Promise<RazorpayDouble> {
  const double = {} as RazorpayDouble
  const links = new Map<string, Entity>()
  const qrs = new Map<string, Entity>()
  const qrPayments = new Map<string, Entity[]>()
  const calls: RazorpayDouble['calls'] = []

  function createLink(body: Record<string, unknown>): Answer {
    const reference = body.reference_id
    if ([...links.values()].some((link) => link.reference_id === reference)) {
      return refusal(400, `Payment Link with reference ${String(reference)} already exists`)
    }
    if (typeof body.amount !== 'number' || body.amount < 100) return refusal(400, 'The amount must be atleast INR 1.00.')
    const id = newId('plink')
    const link: Entity = {
      ...body,
      id,
      short_url: `https://rzp.io/i/${id.slice(6, 14)}`,
      status: 'created',
      amount_paid: 0,
      payments: null,
      created_at: now(),
    }
    links.set(id, link)
    return { status: 200, body: link }
  }

  function createQr(body: Record<string, unknown>, base: string): Answer {
    const id = newId('qr')
    const qr: Entity = {
      ...body,
      id,
      entity: 'qr_code',
      image_url: `${base}/qr-images/${id}.png`,
      status: 'active',
      payments_amount_received: 0,
      payments_count_received: 0,
      created_at: now(),
    }
    qrs.set(id, qr)
    qrPayments.set(id, [])
    return { status: 200, body: qr }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [path = '/', query = ''] = (req.url ?? '/').split('?')
    if (req.method === 'GET' && path.startsWith('/qr-images/')) {
      res.writeHead(200, { 'content-type': 'image/png' })
      res.end(PNG_BYTES)
      return
    }
    const body = await readBody(req)
    calls.push({ method: req.method ?? '', path, body })
    const answer = answerFor(req, path, body, new URLSearchParams(query))
    send(res, answer.status, answer.body)
  }

  function answerFor(req: IncomingMessage, path: string, body: Record<string, unknown>, query: URLSearchParams): Answer {
    if (!authorised(req)) return refusal(401, 'The api key provided is invalid')
    if (double.failWith !== undefined) return refusal(double.failWith, 'Razorpay double is failing on purpose')
    const base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`
    const link = /^\/v1\/payment_links\/([\w]+)$/.exec(path)
    const qr = /^\/v1\/payments\/qr_codes\/([\w]+)(\/payments|\/close)?$/.exec(path)
    if (req.method === 'POST' && path === '/v1/payment_links') return createLink(body)
    if (req.method === 'GET' && path === '/v1/payment_links') {
      // Razorpay's "fetch all" list; `reference_id` filters it.
      const reference = query.get('reference_id')
      const found = [...links.values()].filter((one) => reference === null || one.reference_id === reference)
      return { status: 200, body: { payment_links: found } }
    }
    if (req.method === 'POST' && path === '/v1/payments/qr_codes') return createQr(body, base)
    if (req.method === 'GET' && link) {
      const found = links.get(link[1] ?? '')
      return found ? { status: 200, body: found } : refusal(400, 'The id provided does not exist')
    }
    if (qr) {
      const found = qrs.get(qr[1] ?? '')
      if (!found) return refusal(400, 'The id provided does not exist')
      if (qr[2] === '/payments') return { status: 200, body: { entity: 'collection', items: qrPayments.get(found.id) ?? [] } }
      if (qr[2] === '/close') found.status = 'closed'
      return { status: 200, body: found }
    }
    return refusal(404, `No route ${String(req.method)} ${path}`)
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, 500, { error: { description: String(error) } })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`

  return Object.assign(double, {
    url,
    links,
    qrs,
    calls,
    failWith: undefined,
    createLink(body: Record<string, unknown>): Entity {
      const answer = createLink(body)
      if (answer.status !== 200) throw new Error(JSON.stringify(answer.body))
      return answer.body as Entity
    },
    payLink(id: string): Entity {
      const found = links.get(id)
      if (!found) throw new Error(`no link ${id}`)
      const payment = { id: newId('pay'), entity: 'payment', amount: found.amount, status: 'captured', created_at: now() }
      Object.assign(found, {
        status: 'paid',
        amount_paid: found.amount,
        payments: [{ payment_id: payment.id, amount: payment.amount, status: 'captured', created_at: payment.created_at }],
      })
      return payment
    },
    creditQr(id: string): Entity {
      const found = qrs.get(id)
      if (!found) throw new Error(`no qr ${id}`)
      const payment = { id: newId('pay'), entity: 'payment', amount: found.payment_amount, status: 'captured', created_at: now() }
      qrPayments.get(id)?.push(payment)
      found.payments_amount_received = Number(found.payments_amount_received) + Number(found.payment_amount)
      found.payments_count_received = Number(found.payments_count_received) + 1
      if (found.usage === 'single_use') Object.assign(found, { status: 'closed', close_reason: 'paid' })
      return payment
    },
    async deliver(
      target: string,
      event: string,
      payload: Record<string, unknown>,
      options: DeliverOptions = {},
    ): Promise<Delivery> {
      const eventId = options.eventId ?? newId('evt')
      const raw = options.rawBody ?? JSON.stringify({ entity: 'event', account_id: 'acc_double', event, contains: Object.keys(payload), payload, created_at: now() })
      const signature = createHmac('sha256', options.secret ?? DOUBLE_WEBHOOK_SECRET).update(raw).digest('hex')
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-razorpay-signature': signature, 'x-razorpay-event-id': eventId },
        body: raw,
      })
      const text = await response.text()
      return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown), eventId }
    },
    close: () => new Promise<void>((resolve) => server.close(() => { resolve() })),
  })
}

/** The environment that points the app at the double. */
export function razorpayEnv(double: RazorpayDouble): Record<string, string> {
  return {
    RAZORPAY_KEY_ID: DOUBLE_KEY_ID,
    RAZORPAY_KEY_SECRET: DOUBLE_KEY_SECRET,
    RAZORPAY_API_URL: double.url,
    RAZORPAY_WEBHOOK_SECRET: DOUBLE_WEBHOOK_SECRET,
  }
}
