import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumPresent, openInBrowser, type BrowserSession } from '../admin/browser-harness.js'
import { createUser, type TestUser } from '../factories.js'
import type { TestApp } from '../setup/app.js'
import { buildSalesApp, clientOf, created, pipelineWith, unique } from './sales-app.js'

// The dashboard's pipeline section as a person sees it: PipelineSection.tsx is bundled as a component of its own and
// the dashboard must find it at render time.

const hasChromium = chromiumPresent('the pipeline dashboard browser test')

describe.skipIf(!hasChromium)('admin dashboard pipelines in the browser', () => {
  let t: TestApp
  let session: BrowserSession
  let browser: Browser
  let srdev: TestUser
  let pipeline: string
  const name = `Enterprise ${unique()}`

  beforeAll(async () => {
    t = await buildSalesApp('sales-dashboard-browser')
    srdev = await createUser(t, { role: 'srdev', name: 'Sunita Dev' })
    const board = await pipelineWith(t, srdev, ['Discovery', 'Proposal'])
    pipeline = board.pipeline
    await created(t, srdev, 'pipelines', { name })
    const client = await clientOf(t, srdev, srdev.id)
    const deal = { client, pipeline, stage: board.stages[1], ownerId: srdev.id }
    await created(t, srdev, 'deals', { ...deal, title: `Deal ${unique()}`, value: 2_50_000_00 })
    session = await openInBrowser(t)
    browser = session.browser
  }, 60_000)
  afterAll(async () => {
    await session.close()
    await t.close()
  })

  it('when an srdev signs in, each pipeline shows its stages with their deal counts and values', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 2000 } })
    await page.goto(`${session.base}/admin/login`)
    await page.fill('input[name="email"]', srdev.email)
    await page.fill('input[name="password"]', srdev.password)
    await Promise.all([
      page.waitForURL(`${session.base}/admin`, { waitUntil: 'commit' }),
      page.click('form[action="/admin/login"] button'),
    ])
    await page.waitForSelector('[data-testid="dashboard-pipelines"]', { timeout: 60_000 })
    const table = await page.textContent(`[data-testid="pipeline-${pipeline}"]`)
    expect(table).toContain('Discovery')
    expect(table).toMatch(/Proposal\s*1\s*₹2,50,000/)
    expect(await page.textContent('[data-testid="dashboard-pipelines"]')).toContain(name)
  }, 120_000)
})
