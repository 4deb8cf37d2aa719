import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumPresent, openInBrowser, type BrowserSession } from '../admin/browser-harness.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { auditOf, storedBooking } from '../setup/resource-app.js'

// The legacy routes as the seed frontends use them, in Chromium: a static page of our own (fixtures/) served from
// another origin makes the same requests with the same headers and reads the answers as their code does.

const hasChromium = chromiumPresent('the legacy frontend browser tests')
const PAGE = readFileSync(new URL('./fixtures/legacy-frontend.html', import.meta.url), 'utf8')

let t: TestApp
let session: BrowserSession
let frontend: Server
let frontOrigin: string
let srdev: TestUser

async function serveFrontend(): Promise<void> {
  frontend = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE)
  }).listen(0, '127.0.0.1')
  await new Promise((resolve) => frontend.once('listening', resolve))
  frontOrigin = `http://127.0.0.1:${String((frontend.address() as AddressInfo).port)}`
}

async function signedIn(): Promise<Page> {
  const page = await session.browser.newPage()
  page.setDefaultTimeout(60_000)
  await page.goto(`${frontOrigin}/?api=${encodeURIComponent(session.base)}`)
  await page.fill('#email', srdev.email)
  await page.fill('#password', srdev.password)
  await page.click('#login-button')
  await page.locator('#login-status', { hasText: /^Signed in/ }).waitFor()
  return page
}

describe.skipIf(!hasChromium)('the seed frontends’ requests, from another origin, in Chromium', () => {
  beforeAll(async () => {
    await serveFrontend()
    t = await buildTestApp('legacy-frontend-browser', { env: { CORS_ORIGINS: frontOrigin } })
    srdev = await createUser(t, { role: 'srdev', name: 'Sunita Rao' })
    await t.context.resources.services.create({ kind: 'system' }, { label: 'GST Filing', value: 'gst-filing' })
    await t.context.resources.services.create({ kind: 'system' }, { label: 'Old Scheme', value: 'old', status: false })
    session = await openInBrowser(t)
  }, 60_000)
  afterAll(async () => {
    await session.close()
    await new Promise((resolve) => frontend.close(resolve))
    await t.close()
  })

  it('when a user signs in, creates from the dropdown, edits, trashes, fails to purge a paid booking and restores it', async () => {
    const page = await signedIn()
    await page.waitForSelector('#service-select option[value="GST Filing"]')
    expect(await page.locator('#service-select option[value="Old Scheme"]').isDisabled()).toBe(true)

    await page.fill('[name="company_name"]', 'Browser Legacy Co')
    await page.fill('[name="contact_person"]', 'Meera')
    await page.fill('[name="email"]', 'meera@example.com')
    await page.fill('[name="total_amount"]', '5000')
    await page.fill('[name="term_1"]', '1500')
    await page.selectOption('#service-select', 'GST Filing')
    await page.click('#create-button')
    await page.locator('#create-status', { hasText: /./ }).waitFor()
    expect(await page.textContent('#create-status')).toBe('Booking Created Successfully')
    const id = String(await page.textContent('#edit-id'))
    expect(await storedBooking(t, id)).toMatchObject({ services: ['GST Filing'], user_id: srdev.id, term_1: 1500 })
    await page.waitForSelector(`#booking-list li[data-id="${id}"]`)
    expect(await page.textContent(`#booking-list li[data-id="${id}"]`)).toBe('BROWSER LEGACY CO | GST Filing | Pending')

    await page.selectOption('#edit-status', 'In Progress')
    await page.fill('#edit-note', 'docs received')
    await page.click('#edit-button')
    await page.waitForSelector('#update-history li')
    const history = String(await page.textContent('#update-history'))
    expect(history).toContain('Sunita Rao on')
    expect(history).toContain('(docs received (client said: Sunita Rao))')
    expect(history).toContain('status: Pending -> In Progress')

    await page.click('#trash-button')
    await page.locator('#trash-status', { hasText: 'Booking moved to trash' }).waitFor()
    await page.click('#load-trash')
    const card = page.locator(`.trash-card[data-id="${id}"]`)
    await card.waitFor()
    expect(await card.textContent()).toContain('Deleted By: Sunita Rao')

    await card.locator('.delete').click()
    await page.waitForSelector('body[data-delete-rejected]')
    expect(await page.textContent('#snackbar')).toBe('')
    expect(await card.count()).toBe(1)
    expect(await storedBooking(t, id)).toMatchObject({ company_name: 'BROWSER LEGACY CO' })

    await card.locator('.restore').click()
    await page.locator('#snackbar', { hasText: 'Booking restored!' }).waitFor()
    await page.waitForSelector(`#booking-list li[data-id="${id}"]`)
    expect(await storedBooking(t, id)).toMatchObject({ deletedAt: null, status: 'In Progress' })
    const actions = (await auditOf(t, id)).map((entry) => [entry.action, entry.actor.id])
    expect(actions).toEqual([
      ['create', srdev.id],
      ['update', srdev.id],
      ['trash', srdev.id],
      ['restore', srdev.id],
    ])
  }, 180_000)

  it('when the page comes from an origin not in CORS_ORIGINS, the browser blocks the call before any answer is read', async () => {
    const other = await session.browser.newPage()
    // The API's own origin serves no such page; another loopback name is another origin for the browser.
    const foreignOrigin = frontOrigin.replace('127.0.0.1', 'localhost')
    await other.goto(`${foreignOrigin}/?api=${encodeURIComponent(session.base)}`)
    const outcome = await other.evaluate(async (api) => {
      try {
        await fetch(`${api}/booking/all`, { headers: { authorization: 'anything', 'user-role': 'srdev' } })
        return 'answered'
      } catch {
        return 'blocked'
      }
    }, session.base)
    expect(outcome).toBe('blocked')
  }, 60_000)
})
