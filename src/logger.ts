import { chmodSync, readdirSync } from 'node:fs'
import path from 'node:path'
import winston from 'winston'
import DailyRotateFile from 'winston-daily-rotate-file'
import type { Config } from './config.js'
import { isSecretKey, REDACTED, redact, redactText } from './log-redaction.js'
import { currentContext } from './request-context.js'

export type Logger = winston.Logger

/** Adds the current request id (if any) and redacts every field, at any depth, before any transport sees the line. */
const contextAndRedaction = winston.format((info) => {
  const requestId = currentContext()?.requestId
  if (requestId && info.requestId === undefined) info.requestId = requestId
  for (const key of Object.keys(info)) {
    if (key === 'level') continue
    if (isSecretKey(key)) info[key] = REDACTED
    else
      info[key] = key === 'message' && typeof info.message === 'string' ? redactText(info.message) : redact(info[key])
  }
  return info
})

const json = winston.format.combine(
  contextAndRedaction(),
  winston.format.timestamp(),
  winston.format.errors({ stack: true }),
  winston.format.json(),
)

const readable = winston.format.combine(
  contextAndRedaction(),
  winston.format.timestamp({ format: 'HH:mm:ss' }),
  winston.format.colorize(),
  winston.format.printf(({ timestamp, level, message, ...meta }) => {
    const rest = Object.keys(meta).length > 0 ? ` ${JSON.stringify(meta)}` : ''
    return `${String(timestamp)} ${level} ${String(message)}${rest}`
  }),
)

/** Owner read-write, group read, others nothing. */
export const LOG_FILE_MODE = 0o640

/** Files written by earlier versions (world-readable) get the same mode; a create mode only applies to new files. */
function tightenExistingLogs(logDir: string): void {
  let names: string[]
  try {
    names = readdirSync(logDir)
  } catch {
    return
  }
  for (const name of names) {
    if (name.endsWith('.log') || name.endsWith('.json')) {
      try {
        chmodSync(path.join(logDir, name), LOG_FILE_MODE)
      } catch {
        // Not ours (another user's file in a shared directory): leave it.
      }
    }
  }
}

// winston-daily-rotate-file builds its transport on its own copy of winston-transport, so the class check of
// no-unsafe-class-instance-assignment fails although the object is a transport; winston only duck-types it.
/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment */
function fileTransports(logDir: string): winston.transport[] {
  tightenExistingLogs(logDir)
  // Logs name users, ids and request details: owner read-write, group read (log shippers), nobody else.
  const common = {
    dirname: logDir,
    datePattern: 'YYYY-MM-DD',
    maxSize: '20m',
    format: json,
    options: { flags: 'a', mode: LOG_FILE_MODE },
  }
  return [
    new DailyRotateFile({
      ...common,
      filename: '%DATE%-combined.log',
      maxFiles: '14d',
      auditFile: path.join(logDir, '.combined-audit.json'),
    }),
    new DailyRotateFile({
      ...common,
      filename: '%DATE%-error.log',
      level: 'error',
      maxFiles: '30d',
      auditFile: path.join(logDir, '.error-audit.json'),
    }),
  ]
}
/* eslint-enable @typescript-eslint/no-unsafe-class-instance-assignment */

const loggers = new Map<string, Logger>()

/**
 * The process logger for a log directory: JSON lines in daily-rotated files, plus the console (readable on a TTY,
 * JSON otherwise so a supervisor can parse it). One instance per directory so apps built in one test process
 * share their file handles.
 */
export function createLogger(config: Pick<Config, 'logDir' | 'logLevel' | 'env'>): Logger {
  const existing = loggers.get(config.logDir)
  if (existing) return existing
  const consoleTransport = new winston.transports.Console({
    format: process.stdout.isTTY ? readable : json,
    level: config.logLevel,
    // Test output stays readable; the files still carry every line.
    silent: config.env === 'test',
  })
  const logger = winston.createLogger({
    level: config.logLevel,
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- see fileTransports
    transports: [consoleTransport, ...fileTransports(config.logDir)],
  })
  loggers.set(config.logDir, logger)
  return logger
}

/** Logs what would otherwise vanish; an uncaught exception leaves the process in an unknown state, so it exits. */
export function installProcessHandlers(
  logger: Logger,
  exit: (code: number) => void = (code) => process.exit(code),
  target: NodeJS.EventEmitter = process,
): void {
  target.on('uncaughtException', (error: unknown) => {
    logger.error('uncaught exception', { error })
    void flushLogger(logger).then(() => {
      exit(1)
    })
  })
  target.on('unhandledRejection', (reason: unknown) => {
    logger.error('unhandled rejection', { error: reason })
  })
}

/** Longest wait for log files to reach the disk before exiting anyway, in milliseconds. */
const FLUSH_LIMIT_MS = 3_000

/**
 * Resolves once every line is on disk (call before exit). A rotating-file transport emits `finish` twice: when the
 * logger stops feeding it, and when its file stream is flushed and closed; the second one is what matters.
 */
export async function flushLogger(logger: Logger): Promise<void> {
  const files = logger.transports.filter((transport) => transport instanceof DailyRotateFile)
  const written = files.map(
    (transport) =>
      new Promise<void>((resolve) => {
        let finishes = 0
        transport.on('finish', () => {
          finishes += 1
          if (finishes >= 2) resolve()
        })
      }),
  )
  logger.end()
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, FLUSH_LIMIT_MS)
  })
  await Promise.race([Promise.all(written), limit])
  clearTimeout(timer)
}
