import type { Env, NodeEnv } from './config-env.js'

// The typed, frozen configuration every module receives (built by config.ts from the environment).

export interface Config {
  readonly env: NodeEnv
  readonly port: number
  /** The interface to listen on: loopback unless production (a container's 0.0.0.0). */
  readonly host: string
  /** Unset: the embedded server is started under `${dataDir}/db`. */
  readonly mongoUrl: string | undefined
  readonly dataDir: string
  readonly logDir: string
  readonly logLevel: Env['LOG_LEVEL']
  readonly jwt: { readonly secret: string; readonly ttl: string }
  readonly sessionSecret: string
  readonly corsOrigins: readonly string[]
  readonly appUrl: string
  readonly trustProxy: boolean
  readonly seedAdmin: { readonly email: string | undefined; readonly password: string | undefined }
  readonly mail: { readonly smtpUrl: string | undefined; readonly from: string }
  readonly razorpay: {
    readonly keyId: string | undefined
    readonly keySecret: string | undefined
    readonly apiUrl: string | undefined
    readonly webhookSecret: string | undefined
    /** Where Razorpay sends the customer after paying a link (default `APP_URL/payment-status`). */
    readonly callbackUrl: string
  }
  /** Welcome mails one user may send per hour (`POST /mail/api/welcome`). */
  readonly welcomeMailsPerHour: number
  /** The seller printed on invoices; its state decides intra- (CGST+SGST) or inter-state (IGST) GST. */
  readonly seller: {
    readonly name: string
    readonly gstin: string | undefined
    readonly state: string
    readonly address: string | undefined
  }
  readonly appsScript: { readonly url: string | undefined; readonly secret: string | undefined }
  /** bcrypt work factor; at least 12 outside NODE_ENV=test. */
  readonly bcryptCost: number
  readonly loginThrottle: {
    readonly maxFailuresPerEmail: number
    readonly maxFailuresPerIp: number
    /** Failures are counted over this window, in milliseconds. */
    readonly windowMs: number
    /** Extra wait per failure past the per-email limit (any IP), in milliseconds; capped at 10 s. */
    readonly slowdownMs: number
  }
  /**
   * How long a list page may be served from memory when no write in this process touched its collection since;
   * writes here invalidate at once, so only writes from other processes can be seen this late. 0 turns it off.
   */
  readonly readCacheMs: number
  /** Embedded database commands slower than this (ms) are logged as `slow query` with plan and docs examined. */
  readonly dbSlowMs: number
  /** How long single-document read entries (who looked at what) are kept. */
  readonly auditReadRetentionDays: number
  readonly bodyLimit: string
  /** Uploaded files (documents, attachments): where they are kept and the largest accepted, in bytes. */
  readonly uploads: { readonly dir: string; readonly maxBytes: number }
  /**
   * Bulk imports (`POST /api/v1/<resource>/import`): the largest file accepted, in bytes, and where uploads wait
   * while they are read (deleted when the request ends).
   */
  readonly imports: { readonly maxBytes: number; readonly tmpDir: string }
  readonly leads: {
    /** Public form posts per client IP per window (`/email/add`, `/api/v1/leads/intake`). */
    readonly intakeMaxPerIp: number
    readonly intakeWindowMs: number
    /** A form post with the same email and phone as a lead created this recently is a repeat (409); 0: never. */
    readonly repeatWindowMs: number
    /** Shared secret of the inbound-email hook (`X-Inbound-Secret`); unset: the hook refuses everything. */
    readonly inboundSecret: string | undefined
    /** Largest raw email accepted, in bytes. */
    readonly inboundMaxBytes: number
  }
  readonly admin: {
    /** Serve the components bundle made by `npm run build` instead of bundling at start; default on in production. */
    readonly skipBundle: boolean
    /** Where AdminJS writes and serves the components bundle (`bundle.js`, with its `entry.js`); absolute. */
    readonly bundleDir: string
    /** Send the panel's session cookie only over HTTPS; default on in production. */
    readonly secureCookie: boolean
  }
  readonly jobs: {
    /** Run the scheduler in this process (JOBS=on); the worker runs it whatever this says. */
    readonly enabled: boolean
    /** Cron schedules are read in this zone. */
    readonly timezone: string
    /** On SIGTERM, how long running jobs may take to finish before they are unlocked for another process (ms). */
    readonly graceMs: number
    /** How often the scheduler looks for due jobs (ms). */
    readonly pollMs: number
  }
  /** Product name, logo (URL; unset: the built-in mark) and primary colour of the admin panel and backend pages. */
  readonly brand: { readonly name: string; readonly logoUrl: string | undefined; readonly color: string }
}
