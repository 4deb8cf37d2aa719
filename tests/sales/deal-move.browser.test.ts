import { Types } from 'mongoose'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumPresent, openInBrowser, type BrowserSession } from '../admin/browser-harness.js'
import { createUser, type TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { auditOf } from '../setup/resource-app.js'
import { buildSalesApp, clientOf, created, pipelineWith, unique } from './sales-app.js'

// The deal's `move` dialog as a person uses it: the new stage is chosen with the edit form's type-ahead reference
// picker (names, not ids), over the stages the viewer may read, and confirming moves the deal in one audited
// transition.

const hasChromium = chromiumPresent('the deal move dialog browser test')

describe.skipIf(!hasChromium)('the deal move dialog in the browser', () => {
  let t: TestApp
  let session: BrowserSession
  let browser: Browser
  let srdev: TestUser
  let blind: TestUser
  let board: { pipeline: string; stages: string[] }
  let deal: string
  const proposal = `Proposal ${unique()}`

  beforeAll(async () => {
    t = await buildSalesApp('sales-deal-move-browser')
    srdev = await createUser(t, { role: 'srdev' })
    board = await pipelineWith(t, srdev, [`Qualified ${unique()}`, proposal])
    const client = await clientOf(t, srdev, srdev.id)
    const body = { title: `Deal ${unique()}`, client, pipeline: board.pipeline, stage: board.stages[0], value: 1_00 }
    deal = (await created(t, srdev, 'deals', body))._id
    // May move deals but read no stages: the picker has nothing to offer them.
    await t.context.models.roles.collection.insertOne({
      name: 'deal-mover',
      description: 'test role',
      grants: [{ resource: 'deals', actions: ['read', 'update'], scope: 'all', maskedFields: [], readonlyFields: [] }],
    })
    blind = await createUser(t, { role: 'deal-mover' })
    session = await openInBrowser(t)
    browser = session.browser
  }, 60_000)
  afterAll(async () => {
    await session.close()
    await t.close()
  })

  async function moveDialogAs(user: TestUser): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } })
    page.setDefaultTimeout(60_000)
    await page.goto(`${session.base}/admin/login`)
    await page.fill('input[name="email"]', user.email)
    await page.fill('input[name="password"]', user.password)
    await Promise.all([
      page.waitForURL(`${session.base}/admin`, { waitUntil: 'commit' }),
      page.click('form[action="/admin/login"] button'),
    ])
    await page.goto(`${session.base}/admin/resources/Deal/records/${deal}/move`)
    await page.waitForSelector('[data-testid="transition-view"]')
    return page
  }

  it('when an srdev types part of a stage name, the stage is offered by name; choosing it moves the deal', async () => {
    const page = await moveDialogAs(srdev)
    await page.locator('#transition-stage-input').fill(proposal.slice(0, 8))
    await page.getByRole('option', { name: proposal }).waitFor()
    expect(await page.getByRole('option').allTextContents()).toEqual([proposal])
    await page.getByRole('option', { name: proposal }).click()
    await Promise.all([
      page.waitForURL(`**/admin/resources/Deal/records/${deal}/show`, { waitUntil: 'commit' }),
      page.click('[data-testid="transition-submit"]'),
    ])
    const stored = await t.context.resources.deals.model.collection.findOne({ _id: new Types.ObjectId(deal) })
    expect(String(stored?.stage)).toBe(board.stages[1])
    expect((await auditOf(t, deal)).at(-1)).toMatchObject({ action: 'transition', actor: { id: srdev.id } })
    await page.close()
  }, 180_000)

  it('when a viewer who may not read stages opens the dialog, the picker searches nothing they cannot read', async () => {
    const page = await moveDialogAs(blind)
    const search = page.waitForResponse((response) => response.url().includes('/admin/api/resources/Stage/actions/search'))
    await page.locator('#transition-stage-input').fill('Pro')
    expect((await search).status()).toBe(403)
    expect(await page.getByRole('option').count()).toBe(0)
    await page.close()
  }, 180_000)
})
