import Razorpay from 'razorpay'
import type { Config } from '../config.js'

// The thin client over Razorpay's REST API, through the official SDK. `RAZORPAY_API_URL` swaps the SDK's fixed host
// here and only here (tests point it at a loopback double). Amounts are integer paise, as Razorpay counts them.

/** What we read from a payment link (`/v1/payment_links`). */
export interface ProviderLink {
  id: string
  short_url: string
  status: string
  amount: number
  amount_paid: number
  payments?: ProviderLinkPayment[] | null
}

export interface ProviderLinkPayment {
  payment_id: string
  amount: number
  status: string
  created_at: number
}

/** What we read from a UPI QR code (`/v1/payments/qr_codes`). */
export interface ProviderQr {
  id: string
  image_url: string
  status: string
  payments_amount_received: number
  close_reason?: string | null
}

export interface ProviderPayment {
  id: string
  amount: number
  status: string
  created_at: number
}

export interface LinkRequest {
  amount: number
  currency: 'INR'
  accept_partial: boolean
  description: string
  reference_id: string
  customer: { name: string; email?: string; contact: string }
  notify: { sms: boolean; email: boolean }
  reminder_enable: boolean
  expire_by?: number
  callback_url?: string
  callback_method?: 'get'
  notes: Record<string, string>
}

export interface QrRequest {
  type: 'upi_qr'
  name: string
  usage: 'single_use' | 'multiple_use'
  fixed_amount: boolean
  payment_amount: number
  description: string
  close_by: number
  notes: Record<string, string>
}

export interface PaymentProvider {
  createLink(request: LinkRequest): Promise<ProviderLink>
  fetchLink(id: string): Promise<ProviderLink>
  /** The link created with our `reference_id` (our record's id), or null when Razorpay has none. */
  findLinkByReference(referenceId: string): Promise<ProviderLink | null>
  createQr(request: QrRequest): Promise<ProviderQr>
  fetchQr(id: string): Promise<ProviderQr>
  fetchQrPayments(id: string): Promise<ProviderPayment[]>
}

/** The provider refused or could not be reached; `message` is the provider's own description when it gave one. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | undefined,
  ) {
    super(message)
    this.name = 'ProviderError'
  }
}

const TIMEOUT_MS = 15_000

/**
 * The SDK rethrows `{ statusCode, error: { description } }` for HTTP answers and crashes on a missing response
 * (connection refused) with a TypeError; both become one ProviderError.
 */
function providerError(error: unknown): ProviderError {
  if (error && typeof error === 'object' && 'statusCode' in error) {
    const { statusCode, error: body } = error as { statusCode?: number; error?: { description?: string } }
    return new ProviderError(body?.description ?? `Razorpay answered ${String(statusCode)}`, statusCode)
  }
  return new ProviderError('Razorpay could not be reached', undefined)
}

async function call<T>(request: () => Promise<unknown>): Promise<T> {
  try {
    return (await request()) as T
  } catch (error) {
    throw providerError(error)
  }
}

/** Without keys every call fails as a provider error: the payment is stored `failed`, nothing half-done. */
function unconfigured(): PaymentProvider {
  const refuse = () => Promise.reject(new ProviderError('Razorpay is not configured', undefined))
  return {
    createLink: refuse,
    fetchLink: refuse,
    findLinkByReference: refuse,
    createQr: refuse,
    fetchQr: refuse,
    fetchQrPayments: refuse,
  }
}

export function createPaymentProvider(config: Pick<Config, 'razorpay'>): PaymentProvider {
  const { keyId, keySecret, apiUrl } = config.razorpay
  if (!keyId || !keySecret) return unconfigured()
  const sdk = new Razorpay({ key_id: keyId, key_secret: keySecret })
  // The SDK's axios instance is built with https://api.razorpay.com; this is the one place it is redirected.
  const http = (sdk as unknown as { api: { rq: { defaults: { baseURL?: string; timeout?: number } } } }).api.rq
  if (apiUrl) http.defaults.baseURL = apiUrl.replace(/\/$/, '')
  http.defaults.timeout = TIMEOUT_MS
  return {
    createLink: (request) => call(() => sdk.paymentLink.create(request)),
    fetchLink: (id) => call(() => sdk.paymentLink.fetch(id)),
    // GET /v1/payment_links?reference_id=: Razorpay's list filtered by reference (at most one: it refuses duplicates).
    findLinkByReference: async (referenceId) => {
      const params = { reference_id: referenceId } as unknown as Parameters<typeof sdk.paymentLink.all>[0]
      const found = await call<{ payment_links?: ProviderLink[] }>(() => sdk.paymentLink.all(params))
      return found.payment_links?.find((link) => (link as { reference_id?: unknown }).reference_id === referenceId) ?? null
    },
    createQr: (request) => call(() => sdk.qrCode.create(request)),
    fetchQr: (id) => call(() => sdk.qrCode.fetch(id)),
    fetchQrPayments: async (id) =>
      (await call<{ items: ProviderPayment[] }>(() => sdk.qrCode.fetchAllPayments(id, { count: 100 }))).items,
  }
}
