import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { chromiumPresent, openInBrowser, type BrowserSession } from './browser-harness.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { actorOf, bookingPayload } from '../setup/resource-app.js'

// The dashboard as a person sees it: Debian's Chromium signs in to /admin as an srdev, reads the figures and keeps a
// screenshot in test-results/ for a human to look at.

const SCREENSHOT = path.resolve('test-results/admin-dashboard.png')
const hasChromium = chromiumPresent('the dashboard browser test')

const today = new Date().toISOString().slice(0, 10)

let t: TestApp
let base: string
let browser: Browser
let session: BrowserSession
let srdev: TestUser

describe.skipIf(!hasChromium)('admin dashboard in the browser', () => {
  beforeAll(async () => {
    t = await buildTestApp('admin-dashboard-browser')
    srdev = await createUser(t, { role: 'srdev', name: 'Sunita Dev' })
    const actor = await actorOf(t, srdev)
    const book = (overrides: Record<string, unknown>) =>
      t.context.resources.bookings.create(actor, bookingPayload({ user_id: srdev.id, date: today, ...overrides }))
    await book({ status: 'Pending', total_amount: 10000, term_1: 2500, company_name: 'Shanti Traders' })
    await book({ status: 'Pending', total_amount: 6000, company_name: 'Kaveri Foods' })
    await book({ status: 'Completed', total_amount: 4000, term_1: 4000, company_name: 'Indus Textiles' })
    session = await openInBrowser(t)
    base = session.base
    browser = session.browser
  }, 60_000)
  afterAll(async () => {
    await session.close()
    await t.close()
  })

  it('when an srdev signs in, the dashboard shows the status counts, this month’s amounts, the chart and the latest changes', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1800 } })
    await page.goto(`${base}/admin/login`)
    await page.fill('input[name="email"]', srdev.email)
    await page.fill('input[name="password"]', srdev.password)
    await Promise.all([
      page.waitForURL(`${base}/admin`, { waitUntil: 'commit' }),
      page.click('form[action="/admin/login"] button'),
    ])

    // The first page load may bundle the components (test mode bundles on demand).
    await page.waitForSelector('[data-testid="dashboard"]', { timeout: 60_000 })
    expect(await page.textContent('[data-testid="dashboard-total"]')).toBe('3')
    expect(await page.textContent('[data-testid="dashboard-status-Pending"]')).toBe('2')
    expect(await page.textContent('[data-testid="dashboard-status-In Progress"]')).toBe('0')
    expect(await page.textContent('[data-testid="dashboard-status-Completed"]')).toBe('1')
    expect(await page.textContent('[data-testid="dashboard-received"]')).toMatch(/6,500/)
    expect(await page.textContent('[data-testid="dashboard-pending"]')).toMatch(/13,500/)

    const bars = page.locator('[data-testid="dashboard-chart"] rect')
    expect(await bars.count()).toBe(30)
    expect(await bars.last().getAttribute('data-day')).toBe(today)
    expect(await bars.last().getAttribute('data-count')).toBe('3')

    const changes = page.locator('[data-testid="dashboard-change"]')
    expect(await changes.count()).toBe(3)
    expect(await changes.first().textContent()).toContain('Sunita Dev (srdev)')

    mkdirSync(path.dirname(SCREENSHOT), { recursive: true })
    await page.screenshot({ path: SCREENSHOT, fullPage: true })
    expect(existsSync(SCREENSHOT)).toBe(true)
  }, 120_000)
})
