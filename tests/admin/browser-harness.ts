import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser } from 'playwright-core'
import type { TestApp } from '../setup/app.js'

/** Debian's Chromium, which `.ci/run` installs; no browser is ever downloaded. */
const CHROMIUM = '/usr/bin/chromium'
/** Headless as root, and no background calls to hosts this machine cannot reach. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']

/** Whether browser tests can run here; when not, says so once for the named suite. */
export function chromiumPresent(suite: string): boolean {
  const present = existsSync(CHROMIUM)
  if (!present) console.log(`${CHROMIUM} not found: skipping ${suite} (.ci/run installs it)`)
  return present
}

export interface BrowserSession {
  /** The app's base URL on loopback. */
  base: string
  browser: Browser
  close(): Promise<void>
}

/** Serves the test app on a loopback port and opens Chromium against it. */
export async function openInBrowser(t: TestApp): Promise<BrowserSession> {
  const server: Server = createServer(t.app).listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS })
  return {
    base,
    browser,
    close: async () => {
      await browser.close()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
