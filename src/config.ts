import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { z } from 'zod'

// The only reader of process.env. loadConfig() is pure apart from the development secrets file, and is unit-tested.

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional()

const mongoUrl = z
  .string()
  .trim()
  // z.url() rejects multi-host replica-set URLs, so only the scheme is checked.
  .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must start with mongodb:// or mongodb+srv://')
  .optional()

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

const Env = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.:-]+$/, 'must be an IP address or a host name')
    .optional(),
  MONGO_URL: mongoUrl,
  Mongo_URL: mongoUrl,
  DATA_DIR: z.string().trim().min(1).default('./data'),
  LOG_DIR: z.string().trim().min(1).default('./logs'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']).default('info'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_TTL: z
    .string()
    .regex(/^\d+[smhd]?$/, 'must be a number of seconds or a duration such as 30m, 24h, 7d')
    .default('24h'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  CORS_ORIGINS: z.string().default(''),
  APP_URL: z.url().default('http://localhost:3000'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  SEED_ADMIN_EMAIL: z.email().optional(),
  SEED_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').max(72).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_USER: optionalString,
  MAIL_PASS: optionalString,
  MAIL_FROM: z.string().default('CRM <no-reply@localhost>'),
  RAZORPAY_KEY_ID: optionalString,
  RAZORPAY_KEY_SECRET: optionalString,
  RAZORPAY_API_URL: z.url().optional(),
  RAZORPAY_WEBHOOK_SECRET: optionalString,
  RAZORPAY_CALLBACK_URL: z.url().optional(),
  MAIL_WELCOME_PER_HOUR: z.coerce.number().int().min(1).default(30),
  INVOICE_SELLER_NAME: z.string().default('Finsera Ventures Private Limited'),
  INVOICE_SELLER_GSTIN: optionalString,
  INVOICE_SELLER_STATE: z.string().default('Uttar Pradesh'),
  INVOICE_SELLER_ADDRESS: optionalString,
  APPSCRIPT_URL: z.url().optional(),
  APPSCRIPT_SECRET: optionalString,
  BCRYPT_COST: z.coerce.number().int().min(4).max(31).default(12),
  LOGIN_MAX_FAILURES_PER_EMAIL: z.coerce.number().int().min(1).default(10),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(50),
  LOGIN_FAILURE_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  LOGIN_SLOWDOWN_MS: z.coerce.number().int().min(0).max(10_000).default(1000),
  READ_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  DB_SLOW_MS: z.coerce.number().int().min(0).default(100),
  AUDIT_READ_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/, 'must look like 100kb or 1mb')
    .default('100kb'),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(5 * 1024 * 1024),
  LEAD_INTAKE_MAX_PER_IP: z.coerce.number().int().min(1).default(20),
  LEAD_INTAKE_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  LEAD_REPEAT_WINDOW_HOURS: z.coerce.number().int().min(0).default(24),
  LEAD_INBOUND_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  LEAD_INBOUND_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  // AdminJS's own names: it reads both from the environment itself (see loadConfigFromProcess).
  ADMIN_JS_SKIP_BUNDLE: z.enum(['true', 'false']).optional(),
  ADMIN_JS_TMP_DIR: z.string().trim().min(1).default('.adminjs'),
  JOBS: z.enum(['on', 'off']).default('on'),
  JOBS_TIMEZONE: z
    .string()
    .trim()
    .refine(isTimeZone, 'must be an IANA time zone such as Asia/Kolkata')
    .default('Asia/Kolkata'),
  JOBS_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  JOBS_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(5000),
  ADMIN_SECURE_COOKIE: z.enum(['true', 'false']).optional(),
  BRAND_NAME: z.string().trim().min(1).max(60).default('CRM back office'),
  BRAND_LOGO_URL: z
    .string()
    .trim()
    .regex(/^(https?:\/\/|\/)\S+$/, 'must be an http(s) URL or a path starting with /')
    .optional(),
  BRAND_COLOR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #1f4e79')
    .default('#1f4e79'),
})

type Env = z.infer<typeof Env>

export type NodeEnv = Env['NODE_ENV']

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

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`)
    this.name = 'ConfigError'
  }
}

/** Where a dev secret comes from: the environment, the secrets file, or freshly generated. */
type SecretName = 'JWT_SECRET' | 'SESSION_SECRET'

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

function parseEnv(env: Record<string, string | undefined>): Env {
  // `KEY=` (as copied from .env.example) means unset, not an empty value.
  const given = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  )
  const result = Env.safeParse(given)
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`))
  }
  return result.data
}

function checkRules(env: Env): string[] {
  const problems: string[] = []
  // A lower bcrypt cost keeps the test suite fast; anywhere else it would weaken stored passwords.
  if (env.NODE_ENV !== 'test' && env.BCRYPT_COST < 12)
    problems.push('BCRYPT_COST: must be at least 12 outside NODE_ENV=test')
  if (env.NODE_ENV === 'production') {
    if (!env.JWT_SECRET) problems.push('JWT_SECRET: required in production')
    if (!env.SESSION_SECRET) problems.push('SESSION_SECRET: required in production')
  }
  if (Boolean(env.SEED_ADMIN_EMAIL) !== Boolean(env.SEED_ADMIN_PASSWORD)) {
    problems.push('SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD: set both or neither')
  }
  return problems
}

/**
 * Development secrets are generated once and kept in DATA_DIR/secrets.json (mode 0600) so tokens survive restarts.
 * Tests get fresh per-process secrets and never touch the disk.
 */
function resolveSecrets(env: Env): Record<SecretName, string> {
  const given = { JWT_SECRET: env.JWT_SECRET, SESSION_SECRET: env.SESSION_SECRET }
  if (given.JWT_SECRET && given.SESSION_SECRET)
    return { JWT_SECRET: given.JWT_SECRET, SESSION_SECRET: given.SESSION_SECRET }
  const generate = (): string => randomBytes(48).toString('base64url')
  if (env.NODE_ENV === 'test') {
    return { JWT_SECRET: given.JWT_SECRET ?? generate(), SESSION_SECRET: given.SESSION_SECRET ?? generate() }
  }
  const file = path.join(env.DATA_DIR, 'secrets.json')
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<SecretName, string>>) : {}
  const secrets = {
    JWT_SECRET: given.JWT_SECRET ?? stored.JWT_SECRET ?? generate(),
    SESSION_SECRET: given.SESSION_SECRET ?? stored.SESSION_SECRET ?? generate(),
  }
  if (stored.JWT_SECRET !== secrets.JWT_SECRET || stored.SESSION_SECRET !== secrets.SESSION_SECRET) {
    mkdirSync(env.DATA_DIR, { recursive: true })
    writeFileSync(file, JSON.stringify({ ...stored, ...secrets }, null, 2), { mode: 0o600 })
    chmodSync(file, 0o600)
  }
  return secrets
}

/** The seed's MAIL_USER/MAIL_PASS meant its Hostinger mailbox; they become an SMTP URL when SMTP_URL is unset. */
function smtpUrlOf(env: Env): string | undefined {
  if (env.SMTP_URL) return env.SMTP_URL
  if (env.MAIL_USER && env.MAIL_PASS) {
    return `smtps://${encodeURIComponent(env.MAIL_USER)}:${encodeURIComponent(env.MAIL_PASS)}@smtp.hostinger.com:465`
  }
  return undefined
}

function assemble(env: Env, secrets: Record<SecretName, string>): Config {
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST ?? (env.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'),
    mongoUrl: env.MONGO_URL ?? env.Mongo_URL,
    dataDir: path.resolve(env.DATA_DIR),
    logDir: path.resolve(env.LOG_DIR),
    logLevel: env.LOG_LEVEL,
    jwt: { secret: secrets.JWT_SECRET, ttl: env.JWT_TTL },
    sessionSecret: secrets.SESSION_SECRET,
    corsOrigins: env.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    appUrl: env.APP_URL.replace(/\/+$/, ''),
    trustProxy: env.TRUST_PROXY === 'true',
    seedAdmin: { email: env.SEED_ADMIN_EMAIL, password: env.SEED_ADMIN_PASSWORD },
    mail: { smtpUrl: smtpUrlOf(env), from: env.MAIL_FROM },
    razorpay: {
      keyId: env.RAZORPAY_KEY_ID,
      keySecret: env.RAZORPAY_KEY_SECRET,
      apiUrl: env.RAZORPAY_API_URL,
      webhookSecret: env.RAZORPAY_WEBHOOK_SECRET,
      callbackUrl: env.RAZORPAY_CALLBACK_URL ?? `${env.APP_URL.replace(/\/+$/, '')}/payment-status`,
    },
    welcomeMailsPerHour: env.MAIL_WELCOME_PER_HOUR,
    seller: {
      name: env.INVOICE_SELLER_NAME,
      gstin: env.INVOICE_SELLER_GSTIN,
      state: env.INVOICE_SELLER_STATE,
      address: env.INVOICE_SELLER_ADDRESS,
    },
    appsScript: { url: env.APPSCRIPT_URL, secret: env.APPSCRIPT_SECRET },
    bcryptCost: env.BCRYPT_COST,
    loginThrottle: {
      maxFailuresPerEmail: env.LOGIN_MAX_FAILURES_PER_EMAIL,
      maxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
      windowMs: env.LOGIN_FAILURE_WINDOW_MINUTES * 60_000,
      slowdownMs: env.LOGIN_SLOWDOWN_MS,
    },
    readCacheMs: env.READ_CACHE_MS,
    dbSlowMs: env.DB_SLOW_MS,
    auditReadRetentionDays: env.AUDIT_READ_RETENTION_DAYS,
    bodyLimit: env.BODY_LIMIT,
    uploads: { dir: path.resolve(env.DATA_DIR, 'uploads'), maxBytes: env.UPLOAD_MAX_BYTES },
    leads: {
      intakeMaxPerIp: env.LEAD_INTAKE_MAX_PER_IP,
      intakeWindowMs: env.LEAD_INTAKE_WINDOW_MINUTES * 60_000,
      repeatWindowMs: env.LEAD_REPEAT_WINDOW_HOURS * 3_600_000,
      inboundSecret: env.LEAD_INBOUND_SECRET,
      inboundMaxBytes: env.LEAD_INBOUND_MAX_BYTES,
    },
    admin: {
      skipBundle: (env.ADMIN_JS_SKIP_BUNDLE ?? (env.NODE_ENV === 'production' ? 'true' : 'false')) === 'true',
      bundleDir: path.resolve(env.ADMIN_JS_TMP_DIR),
      secureCookie: (env.ADMIN_SECURE_COOKIE ?? (env.NODE_ENV === 'production' ? 'true' : 'false')) === 'true',
    },
    jobs: {
      enabled: env.JOBS === 'on',
      timezone: env.JOBS_TIMEZONE,
      graceMs: env.JOBS_GRACE_MS,
      pollMs: env.JOBS_POLL_MS,
    },
    brand: { name: env.BRAND_NAME, logoUrl: env.BRAND_LOGO_URL, color: env.BRAND_COLOR.toLowerCase() },
  }
}

/** Parses, checks and freezes the configuration; throws ConfigError naming every bad key. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = parseEnv(env)
  const problems = checkRules(parsed)
  if (problems.length > 0) throw new ConfigError(problems)
  return deepFreeze(assemble(parsed, resolveSecrets(parsed)))
}

/** For entry points: the process environment, overridable per key (tests build apps with their own values). */
export function loadConfigFromProcess(overrides: Record<string, string | undefined> = {}): Config {
  const config = loadConfig({ ...process.env, ...overrides })
  // AdminJS decides whether to bundle at start from process.env itself (only under NODE_ENV=production), so the
  // resolved choice is written back: production serves the build's prebundle unless ADMIN_JS_SKIP_BUNDLE=false.
  process.env.ADMIN_JS_SKIP_BUNDLE = String(config.admin.skipBundle)
  return config
}
