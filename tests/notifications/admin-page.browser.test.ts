import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../src/access/actor.js'
import { createUser, type TestUser } from '../factories.js'
import { chromiumPresent, openInBrowser, type BrowserSession } from '../admin/browser-harness.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { bindTasks, inboxOf } from './task-resource.js'

// The panel's Notifications page as a person sees it, in Debian's Chromium: the bundled component renders the
// admin's own inbox and its "Mark all read" button works.

const hasChromium = chromiumPresent('the notifications page browser test')
const job: Actor = { kind: 'job', name: 'test.admin-browser' }

let t: TestApp
let browser: Browser
let session: BrowserSession
let admin: TestUser

describe.skipIf(!hasChromium)('admin Notifications page in the browser', () => {
  beforeAll(async () => {
    t = await buildTestApp('notify_admin_browser')
    admin = await createUser(t, { role: 'srdev', name: 'Browser Admin' })
    const tasks = bindTasks(t)
    await tasks.create(job, { title: 'Check the <b>ledger</b>', assignees: [admin.id] })
    await tasks.create(job, { title: 'Call the client', assignees: [admin.id] })
    session = await openInBrowser(t)
    browser = session.browser
  }, 60_000)
  afterAll(async () => {
    await session.close()
    await t.close()
  })

  it('when an admin opens it, their notifications are listed (as text) and "Mark all read" marks them read', async () => {
    const page = await browser.newPage()
    await page.goto(`${session.base}/admin/login`)
    await page.fill('input[name="email"]', admin.email)
    await page.fill('input[name="password"]', admin.password)
    await Promise.all([
      page.waitForURL(`${session.base}/admin`, { waitUntil: 'commit' }),
      page.click('form[action="/admin/login"] button'),
    ])

    await page.goto(`${session.base}/admin/pages/Notifications`)
    // The first page load may bundle the components (test mode bundles on demand).
    await page.waitForSelector('[data-testid="notifications-page"]', { timeout: 90_000 })
    expect(await page.textContent('[data-testid="notifications-unread"]')).toBe('2 unread')
    const messages = await page.locator('[data-testid="notification"]').allTextContents()
    expect(messages).toHaveLength(2)
    expect(messages[0]).toContain('You were assigned "Call the client"')
    // Markup in a message is shown as text, never rendered.
    expect(messages[1]).toContain('You were assigned "Check the <b>ledger</b>"')

    await page.click('[data-testid="notifications-read-all"]')
    await page.waitForSelector('[data-testid="notifications-unread"]:text("Nothing unread")', { timeout: 30_000 })
    expect((await inboxOf(t, admin)).map((n) => n.read)).toEqual([true, true])
  })
})
