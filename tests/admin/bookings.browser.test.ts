import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { chromiumPresent, openInBrowser, type BrowserSession } from './browser-harness.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { seedBooking } from '../setup/resource-app.js'

// The panel as people use it, in Debian's Chromium against the real app on a loopback port.

const LIST_SCREENSHOT = path.resolve('test-results/admin-bookings-list.png')
const hasChromium = chromiumPresent('the admin panel browser tests')

let t: TestApp
let base: string
let browser: Browser
let session: BrowserSession
let senior: TestUser
let hr: TestUser

async function signIn(user: TestUser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true })
  page.setDefaultTimeout(60_000)
  await page.goto(`${base}/admin/login`)
  await page.fill('input[name="email"]', user.email)
  await page.fill('input[name="password"]', user.password)
  // AdminJS's login button has no type attribute; its label is the stable handle.
  await Promise.all([
    page.waitForURL(`${base}/admin`, { waitUntil: 'commit' }),
    page.getByRole('button', { name: 'Login' }).click(),
  ])
  return page
}

/** Opens a list and returns the total its API call answered (the figure the pagination is built from). */
async function openList(page: Page, resource: string, search = ''): Promise<number> {
  // Leave the current page first: on a loaded machine the list call of the page a save redirected to can still be in
  // flight, match the wait below, and then lose its body to the navigation.
  await page.goto('about:blank')
  const [response] = await Promise.all([
    page.waitForResponse((res) => res.url().includes(`/admin/api/resources/${resource}/actions/list`), {
      timeout: 60_000,
    }),
    page.goto(`${base}/admin/resources/${resource}${search}`),
  ])
  const body = (await response.json()) as { meta: { total: number } }
  // An empty list renders a "no records" box instead of a table.
  if (body.meta.total > 0) await page.waitForSelector('table', { timeout: 60_000 })
  return body.meta.total
}

async function confirmAction(page: Page, name: string): Promise<void> {
  await page.click(`[data-testid="action-${name}"]`)
  await page.getByRole('button', { name: 'Confirm' }).click()
}

describe.skipIf(!hasChromium)('admin panel in the browser', () => {
  beforeAll(async () => {
    t = await buildTestApp('admin-panel-browser')
    senior = await createUser(t, { role: 'senior admin', name: 'Sana Senior' })
    hr = await createUser(t, { role: 'HR', name: 'Harsh HR' })
    await t.context.resources.services.create({ kind: 'system' }, { label: 'GST Filing', value: 'gst-filing' })
    await seedBooking(t, senior, { status: 'Completed', company_name: 'Indus Textiles', total_amount: 4000 })
    await seedBooking(t, senior, { status: 'Pending', company_name: 'Kaveri Foods' })
    session = await openInBrowser(t)
    base = session.base
    browser = session.browser
  }, 60_000)
  afterAll(async () => {
    await session.close()
    await t.close()
  })

  it('when a senior admin creates, edits, deletes and restores a booking, history and totals follow every step', async () => {
    const page = await signIn(senior)
    expect(await openList(page, 'Booking')).toBe(2)
    mkdirSync(path.dirname(LIST_SCREENSHOT), { recursive: true })
    await page.screenshot({ path: LIST_SCREENSHOT, fullPage: true })

    await page.goto(`${base}/admin/resources/Booking/actions/new`)
    const fields = {
      bdm: 'Ravi Kumar',
      branch_name: 'Noida 402',
      company_name: 'Panel Browser Co',
      contact_person: 'Meera',
      email: 'meera@example.com',
      contact_no: '9876543210',
      total_amount: '5000',
      state: 'Delhi',
    }
    for (const [name, value] of Object.entries(fields)) await page.fill(`[name="${name}"]`, value)
    await page.getByRole('button', { name: 'Add new item' }).click()
    // Services are picked from the catalogue, not typed.
    await page.locator('[data-testid="property-edit-services"] input').first().click()
    await page.getByText('GST Filing', { exact: true }).click()
    await page.locator('[data-testid="property-edit-date"] input').fill('2025-11-01 10:00')
    await page.keyboard.press('Escape')
    await Promise.all([page.waitForURL(`${base}/admin/resources/Booking`), page.click('[data-testid="button-save"]')])
    const created = await t.context.resources.bookings.model.findOne({ company_name: 'Panel Browser Co' }).lean()
    expect(created).toMatchObject({ user_id: senior.id, services: ['GST Filing'], total_amount: 5000 })
    const id = String(created?._id)
    expect(await openList(page, 'Booking')).toBe(3)

    await page.goto(`${base}/admin/resources/Booking/records/${id}/edit`)
    await page.fill('[name="remark"]', 'called back')
    await Promise.all([page.waitForURL(`${base}/admin/resources/Booking`), page.click('[data-testid="button-save"]')])
    expect(await openList(page, 'Booking')).toBe(3)

    await page.goto(`${base}/admin/resources/Booking/records/${id}/history`)
    await page.waitForSelector('[data-testid="history-view"]', { timeout: 60_000 })
    expect(await page.textContent('[data-testid="history-view"]')).toContain('remark: (empty) → called back')
    expect(await page.textContent('[data-testid="history-view"]')).toContain('Sana Senior')

    await page.goto(`${base}/admin/resources/Booking/records/${id}/show`)
    await confirmAction(page, 'delete')
    await page.waitForURL(/\/admin\/resources\/Booking(\?.*)?$/, { waitUntil: 'commit' })
    expect(await openList(page, 'Booking')).toBe(2)
    expect(await openList(page, 'BookingTrash')).toBe(1)
    expect(await page.textContent('body')).toContain('Panel Browser Co')

    await page.goto(`${base}/admin/resources/BookingTrash/records/${id}/show`)
    await confirmAction(page, 'restore')
    await page.waitForURL(new RegExp(`/admin/resources/Booking/records/${id}/show`), { waitUntil: 'commit' })
    expect(await openList(page, 'BookingTrash')).toBe(0)
    expect(await openList(page, 'Booking')).toBe(3)
  }, 180_000)

  it('when an HR user signs in, Bookings is not in the navigation and its URL is refused', async () => {
    const page = await signIn(hr)
    await page.waitForSelector('nav, [data-css="sidebar"]', { timeout: 60_000 })
    // Navigation groups open on a click; Services is HR's only resource in "Sales".
    await page.getByText('Sales', { exact: true }).click()
    const navigation = await page.textContent('nav, [data-css="sidebar"]')
    expect(navigation).toContain('Services')
    expect(navigation).not.toContain('Bookings')
    const response = await page.goto(`${base}/admin/resources/Booking`)
    expect(response?.status()).toBe(403)
  }, 120_000)

  it('when a senior admin exports a list filtered by status, the CSV holds exactly the filtered rows', async () => {
    const page = await signIn(senior)
    await openList(page, 'Booking', '?filters.status=Completed')
    await page.click('[data-testid="action-export"]')
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-download"]')])
    const file = await download.path()
    const lines = readFileSync(file, 'utf8').trim().split('\r\n')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain('Indus Textiles')
    expect(lines[1]).toContain('Completed')
  }, 120_000)
})
