import type { Browser, Page } from 'playwright-core'
import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { chromiumPresent, openInBrowser, type BrowserSession } from './browser-harness.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { seedBooking } from '../setup/resource-app.js'

// Finding 7: while open, the History view re-requested /history about 24 times a second, each request writing an
// audit read. Here the view stays open for 10 s in Chromium and the requests and reads are counted.

const hasChromium = chromiumPresent('the History view browser test')
const OPEN_MS = 10_000

let t: TestApp
let session: BrowserSession
let browser: Browser
let senior: TestUser

async function signIn(base: string, user: TestUser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
  page.setDefaultTimeout(60_000)
  await page.goto(`${base}/admin/login`)
  await page.fill('input[name="email"]', user.email)
  await page.fill('input[name="password"]', user.password)
  await Promise.all([
    page.waitForURL(`${base}/admin`, { waitUntil: 'commit' }),
    page.getByRole('button', { name: 'Login' }).click(),
  ])
  return page
}

describe.skipIf(!hasChromium)('admin History view in the browser', () => {
  beforeAll(async () => {
    t = await buildTestApp('history-view-browser')
    senior = await createUser(t, { role: 'senior admin', name: 'Sana Senior' })
    session = await openInBrowser(t)
    browser = session.browser
  }, 120_000)
  afterAll(async () => {
    await session.close()
    await t.close()
  })

  it('when the History view stays open for 10 s, it requests the history once and records one read', async () => {
    const booking = await seedBooking(t, senior, { company_name: 'History Loop Co' })
    await t.context.resources.bookings.update({ kind: 'system' }, booking._id, { status: 'In Progress' })
    const page = await signIn(session.base, senior)
    const historyCalls: string[] = []
    page.on('request', (req) => {
      if (req.url().includes(`/records/${booking._id}/history`)) historyCalls.push(req.url())
    })
    const readsBefore = await t.context.resources.readLog.countDocuments({
      documentId: new Types.ObjectId(booking._id),
    })
    await page.goto(`${session.base}/admin/resources/Booking/records/${booking._id}/history`)
    await page.waitForSelector('[data-testid="history-row"]')
    expect(await page.locator('[data-testid="history-row"]').count()).toBe(2)
    // Left open, as a person reading it would.
    await page.waitForTimeout(OPEN_MS)
    const reads =
      (await t.context.resources.readLog.countDocuments({ documentId: new Types.ObjectId(booking._id) })) - readsBefore
    // The page load may fetch the action once for the route and once for the view: a handful at most, not hundreds.
    expect(historyCalls.length).toBeGreaterThanOrEqual(1)
    expect(historyCalls.length).toBeLessThanOrEqual(3)
    expect(reads).toBeLessThanOrEqual(3)
    await page.close()
  }, 180_000)
})
