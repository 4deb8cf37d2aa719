import { z } from 'zod'

// The environment's schema: every key the app reads, its type, default and rule. Parsed by config.ts (the only
// reader of process.env); documented in .env.example and the README.

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

export const Env = z.object({
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
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(50 * 1024 * 1024),
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

export type Env = z.infer<typeof Env>

export type NodeEnv = Env['NODE_ENV']
