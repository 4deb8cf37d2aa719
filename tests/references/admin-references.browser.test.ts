import { Types } from 'mongoose'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import type { AppContext } from '../../src/app-context.js'
import { chromiumPresent, openInBrowser, type BrowserSession } from '../admin/browser-harness.js'
import { createUser, type TestUser } from '../factories.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { bindRefResources, idOf, seeder, type RefServices } from './reference-fixtures.js'

// A reference as a person meets it in the panel: the deal's page names its client, and the form's client select
// offers, as one types, only the clients the viewer may read.

const hasChromium = chromiumPresent('the reference browser tests')

let t: TestApp
let refs: RefServices
let session: BrowserSession
let browser: Browser
let viewer: TestUser
let dealId: string
let clientId: string

async function signIn(user: TestUser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } })
  page.setDefaultTimeout(60_000)
  await page.goto(`${session.base}/admin/login`)
  await page.fill('input[name="email"]', user.email)
  await page.fill('input[name="password"]', user.password)
  await Promise.all([
    page.waitForURL(`${session.base}/admin`, { waitUntil: 'commit' }),
    page.getByRole('button', { name: 'Login' }).click(),
  ])
  return page
}

describe.skipIf(!hasChromium)('references in the panel, in the browser', () => {
  beforeAll(async () => {
    t = await buildTestApp('references-browser')
    refs = bindRefResources(t)
    const context: AppContext = {
      ...t.context,
      resources: { ...t.context.resources, all: [...t.context.resources.all, refs.clients, refs.deals] },
    }
    await t.context.models.roles.collection.insertOne({
      name: 'ref-browser',
      description: 'test role',
      grants: [
        { resource: 'ref_deals', actions: ['read', 'update'], scope: 'all', maskedFields: [], readonlyFields: [] },
        { resource: 'ref_clients', actions: ['read'], scope: 'own', maskedFields: [], readonlyFields: [] },
      ],
    })
    viewer = await createUser(t, { role: 'ref-browser' })
    const mine = await refs.clients.create(seeder, { name: 'Zephyr Mine', ownerId: viewer.id })
    await refs.clients.create(seeder, { name: 'Zephyr Theirs', ownerId: new Types.ObjectId().toHexString() })
    clientId = idOf(mine)
    dealId = idOf(await refs.deals.create(seeder, { title: 'Browser deal', client: clientId }))
    session = await openInBrowser({ ...t, context, app: buildApp(context) })
    browser = session.browser
  }, 60_000)
  afterAll(async () => {
    await session.close()
    await t.close()
  })

  it("when the deal page opens, it names the client by its label, and the form's select offers only readable clients", async () => {
    const page = await signIn(viewer)
    await page.goto(`${session.base}/admin/resources/RefDeal/records/${dealId}/show`)
    await page.getByText('Zephyr Mine').first().waitFor()
    expect(await page.textContent('body')).not.toContain(clientId)

    await page.goto(`${session.base}/admin/resources/RefDeal/records/${dealId}/edit`)
    await page.getByText('Zephyr Mine').first().waitFor()
    await page.locator('[data-testid="property-edit-client"] input').first().fill('Zephyr')
    await page.getByRole('option', { name: 'Zephyr Mine' }).waitFor()
    const offered = await page.getByRole('option').allTextContents()
    expect(offered).toEqual(['Zephyr Mine'])
    await page.close()
  })
})
