import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { actorOf, seedBooking } from '../setup/resource-app.js'
import { chromiumPresent, openInBrowser, type BrowserSession } from './browser-harness.js'

// The panel's main screens as HR and senior admin see them, photographed into test-results/ for people to look at:
// the branded login, the dashboard, the booking form with its service picker, the trash with names.

const hasChromium = chromiumPresent('the admin screens browser tests')
const shot = (name: string) => path.resolve('test-results', `admin-${name}.png`)

let t: TestApp
let session: BrowserSession
let senior: TestUser

async function signIn(page: Page, user: TestUser): Promise<void> {
  await page.goto(`${session.base}/admin/login`)
  await page.fill('input[name="email"]', user.email)
  await page.fill('input[name="password"]', user.password)
  await Promise.all([
    page.waitForURL(`${session.base}/admin`, { waitUntil: 'commit' }),
    page.getByRole('button', { name: 'Login' }).click(),
  ])
}

describe.skipIf(!hasChromium)('admin screens', () => {
  beforeAll(async () => {
    t = await buildTestApp('admin-screens-browser', { env: { BRAND_NAME: 'Finsera CRM' } })
    senior = await createUser(t, { role: 'senior admin', name: 'Sana Senior' })
    for (const label of ['GST Filing', 'MSME Registration', 'Startup India Seed Fund']) {
      await t.context.resources.services.create({ kind: 'system' }, { label, value: label.toLowerCase() })
    }
    await seedBooking(t, senior, { company_name: 'Indus Textiles', status: 'Completed' })
    const gone = await seedBooking(t, senior, { company_name: 'Kaveri Foods' })
    await t.context.resources.bookings.trash(await actorOf(t, senior), gone._id)
    session = await openInBrowser(t)
    mkdirSync(path.resolve('test-results'), { recursive: true })
  }, 60_000)
  afterAll(async () => {
    await session.close()
    await t.close()
  })

  it('when a senior admin signs in, creates a booking with the service picker and opens the trash, each screen is branded', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1400, height: 1000 } })
    page.setDefaultTimeout(60_000)
    await page.goto(`${session.base}/admin/login`)
    await page.getByRole('button', { name: 'Login' }).waitFor()
    expect(await page.textContent('body')).toContain('Finsera CRM')
    expect(await page.textContent('body')).not.toContain('AdminJS')
    await page.screenshot({ path: shot('login') })

    await signIn(page, senior)
    await page.waitForSelector('[data-testid="dashboard"]')
    await page.waitForSelector('[data-testid="dashboard-change"]')
    expect(await page.textContent('[data-testid="dashboard"]')).toContain('Sana Senior')
    await page.screenshot({ path: shot('dashboard'), fullPage: true })

    await page.goto(`${session.base}/admin/resources/Booking/actions/new`)
    const fields = { bdm: 'Sana Senior', branch_name: 'Noida 402', company_name: 'Picker Co', contact_person: 'Meera' }
    for (const [name, value] of Object.entries(fields)) await page.fill(`[name="${name}"]`, value)
    const more = { email: 'meera@example.com', contact_no: '9876543210', total_amount: '5000', state: 'Delhi' }
    for (const [name, value] of Object.entries(more)) await page.fill(`[name="${name}"]`, value)
    await page.getByRole('button', { name: 'Add new item' }).click()
    const picker = page.locator('[data-testid="property-edit-services"]')
    await picker.locator('input').first().click()
    await page.getByText('MSME Registration', { exact: true }).waitFor()
    await page.screenshot({ path: shot('booking-form-pickers'), fullPage: true })
    await page.getByText('MSME Registration', { exact: true }).click()
    await page.locator('[data-testid="property-edit-date"] input').fill('2025-11-01 10:00')
    await page.keyboard.press('Escape')
    await Promise.all([
      page.waitForURL(`${session.base}/admin/resources/Booking`),
      page.click('[data-testid="button-save"]'),
    ])
    const created = await t.context.resources.bookings.model.findOne({ company_name: 'Picker Co' }).lean()
    expect(created).toMatchObject({ services: ['MSME Registration'], user_id: senior.id })

    await page.goto(`${session.base}/admin/resources/BookingTrash`)
    await page.waitForSelector('table')
    const table = String(await page.textContent('table'))
    expect(table).toContain('Kaveri Foods')
    expect(table).toContain('Sana Senior')
    expect(table).not.toMatch(/[0-9a-f]{24}/)
    await page.screenshot({ path: shot('trash'), fullPage: true })
  }, 180_000)
})
