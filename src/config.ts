import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { Env } from './config-env.js'
import type { Config } from './config-shape.js'

// The only reader of process.env. loadConfig() is pure apart from the development secrets file, and is unit-tested.
// The schema of the environment is config-env.ts; the shape every module receives is config-shape.ts.

export type { Config } from './config-shape.js'
export type { NodeEnv } from './config-env.js'

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
    imports: { maxBytes: env.IMPORT_MAX_BYTES, tmpDir: path.resolve(env.DATA_DIR, 'tmp', 'imports') },
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
