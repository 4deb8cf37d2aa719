import { mkdirSync } from 'node:fs'
import path from 'node:path'
import request from 'supertest'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, type TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { buildHrTestApp, employeePayload, JPEG, PNG } from '../setup/employee-app.js'
import { auditOf } from '../setup/resource-app.js'
import { chromiumPresent, openInBrowser, type BrowserSession } from './browser-harness.js'

// The HR workspace as HR uses it: a self-service profile arrives through the frontend's route, HR sees it on the
// dashboard and approves it in the panel with a reason; a senior admin's page never shows the Aadhaar number.

const SCREENSHOT = path.resolve('test-results/admin-hr-dashboard.png')
const hasChromium = chromiumPresent('the HR workspace browser tests')

let t: TestApp
let session: BrowserSession
let browser: Browser
let base: string
let hr: TestUser
let senior: TestUser
let profileId: string
let aadhaar: string

async function signIn(user: TestUser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1600 } })
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

describe.skipIf(!hasChromium)('HR workspace in the browser', () => {
  beforeAll(async () => {
    t = await buildHrTestApp('admin-hr-browser')
    hr = await createUser(t, { role: 'HR', name: 'Harsh HR' })
    senior = await createUser(t, { role: 'senior admin', name: 'Sana Senior' })
    const employee = await createUser(t, { name: 'Asha Verma' })
    const fields = employeePayload({ offeredSalary: '45000', department: 'Digital' })
    aadhaar = String(fields.aadharNumber)
    let req = request(t.app).post('/employee/profile').set('authorization', employee.token)
    for (const [key, value] of Object.entries(fields)) req = req.field(key, String(value))
    const res = await req.attach('employeePhoto', JPEG, 'me.jpg').attach('aadhaarCardPhoto', PNG, 'aadhaar.png')
    expect(res.status).toBe(201)
    profileId = res.body.profile._id as string
    session = await openInBrowser(t)
    base = session.base
    browser = session.browser
  }, 60_000)
  afterAll(async () => {
    await session.close()
    await t.close()
  })

  it('when HR signs in, the dashboard shows the HR figures and chart, the sidebar has Employees and no Bookings', async () => {
    const page = await signIn(hr)
    await page.waitForSelector('[data-testid="hr-section"]', { timeout: 60_000 })
    expect(await page.textContent('[data-testid="hr-pending"]')).toBe('1')
    expect(await page.textContent('[data-testid="hr-total"]')).toBe('1')
    expect(await page.locator('[data-testid="hr-chart"]').count()).toBe(1)
    await page.waitForSelector('nav, [data-css="sidebar"]')
    const navigation = await page.textContent('nav, [data-css="sidebar"]')
    expect(navigation).toContain('HR')
    expect(navigation).not.toContain('Bookings')
    // The HR group opens onto its resources.
    await page.locator('nav, [data-css="sidebar"]').getByText('HR', { exact: true }).first().click()
    await page.waitForSelector('a[href="/admin/resources/Employee"]')
    const opened = await page.textContent('nav, [data-css="sidebar"]')
    for (const name of ['Employees', 'Departments', 'Branches', 'Designations']) expect(opened).toContain(name)
    expect(opened).not.toContain('Bookings')
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true })
    await page.screenshot({ path: SCREENSHOT, fullPage: true })
    await page.close()
  }, 120_000)

  it('when HR approves the pending profile with a reason, it is active and the audit names both steps', async () => {
    const page = await signIn(hr)
    await page.goto(`${base}/admin/resources/Employee/records/${profileId}/show`)
    await page.waitForSelector('[data-testid="document-employeePhoto"]')
    await page.goto(`${base}/admin/resources/Employee/records/${profileId}/approve`)
    await page.waitForSelector('[data-testid="transition-view"]')
    await page.fill('[data-testid="transition-reason"]', 'documents verified')
    await Promise.all([
      page.waitForURL(`**/admin/resources/Employee/records/${profileId}/show`),
      page.click('[data-testid="transition-submit"]'),
    ])
    const stored = await t.context.resources.employees.model.findById(profileId).lean()
    expect(stored?.status).toBe('active')
    const entries = await auditOf(t, profileId)
    expect(entries.map((e) => [e.action, e.actor.kind, e.actor.id, e.reason])).toEqual([
      ['create', 'user', stored?.userId, null],
      ['transition', 'user', hr.id, 'approve: documents verified'],
    ])
    await page.close()
  }, 120_000)

  it('when a senior admin opens the profile, the Aadhaar number and card are hidden', async () => {
    const page = await signIn(senior)
    await page.goto(`${base}/admin/resources/Employee/records/${profileId}/show`)
    await page.waitForSelector('[data-testid="document-aadhaarCardPhoto-hidden"]')
    expect(await page.content()).not.toContain(aadhaar)
    await page.close()
  }, 120_000)
})
