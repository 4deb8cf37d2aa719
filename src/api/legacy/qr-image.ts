import type { Logger } from '../../logger.js'

// Seed 1 answered a new QR code with its image inlined as a data URL; when the image cannot be fetched it sent null.

const TIMEOUT_MS = 10_000
const MAX_BYTES = 1024 * 1024

export async function qrImageBase64(url: string, logger: Logger): Promise<string | null> {
  if (!/^https?:\/\//.test(url)) return null
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) })
    if (!response.ok) return null
    const bytes = Buffer.from(await response.arrayBuffer())
    if (bytes.length > MAX_BYTES) return null
    const type = response.headers.get('content-type')?.split(';')[0] ?? 'image/png'
    return `data:${type};base64,${bytes.toString('base64')}`
  } catch (error) {
    logger.info('QR image not fetched', { url, error: (error as Error).message })
    return null
  }
}
