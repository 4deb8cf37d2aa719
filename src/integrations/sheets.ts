import type { Config } from '../config.js'

// The Google Sheets log: seed 1's Apps Script web app. It takes `{ ...row, __secret }` as JSON and answers
// `{ success: true }`; anything else is a failure (its `message` when it gave one). Called only by the outbox job.

const TIMEOUT_MS = 15_000

export class SheetsError extends Error {
  override readonly name = 'SheetsError'
}

export async function appendSheetRow(config: Pick<Config, 'appsScript'>, row: Record<string, unknown>): Promise<void> {
  const { url, secret } = config.appsScript
  if (!url) throw new SheetsError('APPSCRIPT_URL is not set')
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...row, __secret: secret ?? '' }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: 'follow',
  })
  const text = await response.text()
  let answer: { success?: unknown; message?: unknown } = {}
  try {
    answer = JSON.parse(text) as typeof answer
  } catch {
    throw new SheetsError(`Apps Script answered ${String(response.status)} without JSON`)
  }
  if (!response.ok || answer.success !== true) {
    throw new SheetsError(typeof answer.message === 'string' ? answer.message : `Apps Script answered ${String(response.status)}`)
  }
}
