import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { Types } from 'mongoose'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JOBS_COLLECTION } from '../../src/jobs/run-history.js'
import { chromiumPresent, openInBrowser, type BrowserSession } from '../admin/browser-harness.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { eventually, TEST_JOB_ENV } from './helpers.js'

// /admin/jobs as operators see it, in Debian's Chromium: srdev operates (a "run now" is audited), a senior admin
// looks without write buttons and is refused on a write route, HR and bdm are refused, and nobody signed in is sent
// to the login page. Screenshots go to test-results/ for a human to look at.

const hasChromium = chromiumPresent('the job dashboard browser test')
const SHOTS = path.resolve('test-results')

let t: TestApp
let session: BrowserSession
let browser: Browser
const users: Record<string, TestUser> = {}
let jobId: string

async function signIn(user: TestUser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
  await page.goto(`${session.base}/admin/login`)
  await page.fill('input[name="email"]', user.email)
  await page.fill('input[name="password"]', user.password)
  await Promise.all([
    page.waitForURL(`${session.base}/admin`, { waitUntil: 'commit' }),
    page.click('form[action="/admin/login"] button'),
  ])
  return page
}

describe.skipIf(!hasChromium)('the job dashboard in the browser', () => {
  beforeAll(async () => {
    t = await buildTestApp('jobs-dashboard-browser', { env: TEST_JOB_ENV })
    for (const role of ['srdev', 'senior admin', 'HR', 'bdm']) {
      users[role] = await createUser(t, { role, name: `Test ${role}` })
    }
    const job = await t.context.jobs.agenda().schedule('in 1 hour', 'housekeeping.expire', {})
    jobId = String(job.attrs._id)
    session = await openInBrowser(t)
    browser = session.browser
    mkdirSync(SHOTS, { recursive: true })
  }, 60_000)
  afterAll(async () => {
    await session.close()
    await t.close()
  })

  it('when an srdev follows the navigation to the jobs, sees them and runs one now, then that is audited with its source', async () => {
    const page = await signIn(users.srdev as TestUser)
    // The first page load may bundle the components (test mode bundles on demand).
    await page.getByText('Job dashboard').first().click({ timeout: 90_000 })
    await page.waitForURL(`${session.base}/admin/jobs/`, { timeout: 30_000 })
    await page.getByText('housekeeping.expire').first().waitFor({ timeout: 30_000 })
    expect(await page.textContent('.crm-bar')).toContain('Test srdev (srdev)')
    // Agendash runs a job now by requeueing it: a copy due at once, remembering where it came from.
    await page.locator('[title="Requeue (create new job)"]').first().click()
    await page.locator('.modal-overlay button', { hasText: 'Requeue' }).last().click()
    const entries = () => t.context.resources.audit.find({ resource: JOBS_COLLECTION, action: 'requeue' }).lean()
    expect(await eventually(async () => (await entries()).length === 1)).toBe(true)
    const [entry] = await entries()
    expect(entry).toMatchObject({
      actor: { kind: 'user', id: users.srdev?.id, role: 'srdev' },
      changes: [
        { path: 'name', after: 'housekeeping.expire' },
        { path: 'requeuedFrom', after: { job: jobId, run: null } },
      ],
      reason: `requeued from job ${jobId}`,
    })
    const copy = await t.context.db.connection.collection(JOBS_COLLECTION).findOne({ _id: entry?.documentId })
    expect(copy).toMatchObject({ name: 'housekeeping.expire', requeuedFrom: jobId })
    expect((copy?.nextRunAt as Date).getTime()).toBeLessThanOrEqual(Date.now())
    await page.screenshot({ path: path.join(SHOTS, 'jobs-dashboard-srdev.png'), fullPage: true })
    expect(existsSync(path.join(SHOTS, 'jobs-dashboard-srdev.png'))).toBe(true)
    await page.close()
  }, 180_000)

  it('when a senior admin opens it, then the jobs show without write buttons and a write route answers 403', async () => {
    const page = await signIn(users['senior admin'] as TestUser)
    await page.goto(`${session.base}/admin/jobs/`)
    await page.getByText('housekeeping.expire').first().waitFor({ timeout: 30_000 })
    expect(await page.textContent('.crm-bar')).toContain('read-only')
    expect(await page.locator('[title="Job Data"]').first().isVisible()).toBe(true)
    for (const title of ['Retry (rerun existing job)', 'Requeue (create new job)', 'Delete permanently', 'Pause job']) {
      const buttons = page.locator(`[title="${title}"]`)
      for (let i = 0; i < (await buttons.count()); i += 1) expect(await buttons.nth(i).isVisible(), title).toBe(false)
    }
    expect(await page.getByText('New Job').first().isVisible()).toBe(false)
    const status = await page.evaluate(async (id) => {
      const res = await fetch('api/jobs/delete', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jobIds: [id] }),
      })
      return res.status
    }, jobId)
    expect(status).toBe(403)
    expect(
      await t.context.db.connection.collection(JOBS_COLLECTION).countDocuments({ _id: new Types.ObjectId(jobId) }),
    ).toBe(1)
    await page.screenshot({ path: path.join(SHOTS, 'jobs-dashboard-senior-admin.png'), fullPage: true })
    await page.close()
  }, 120_000)

  it('when HR or a bdm opens it, then 403; without a session, the admin login', async () => {
    for (const role of ['HR', 'bdm']) {
      const page = await signIn(users[role] as TestUser)
      const res = await page.goto(`${session.base}/admin/jobs/`)
      expect(res?.status(), role).toBe(403)
      await page.close()
    }
    const anonymous = await browser.newPage()
    await anonymous.goto(`${session.base}/admin/jobs/`)
    expect(new URL(anonymous.url()).pathname).toBe('/admin/login')
    await anonymous.close()
  }, 120_000)
})
