import type { CaseContext, CatalogueCase } from '../walk.js'

// The sales area (issue 16): clients' contacts, the settings lists, pipelines and their stages, deals, contracts.

const unique = () => Math.random().toString(36).slice(2, 8)

async function client(ctx: CaseContext): Promise<string> {
  return (await ctx.create('clients', { companyName: `Walk Client ${unique()}` }))._id
}

async function pipelineWithStage(ctx: CaseContext): Promise<{ pipeline: string; stage: string }> {
  const pipeline = (await ctx.create('pipelines', { name: `Walk Pipeline ${unique()}` }))._id
  const stage = (await ctx.create('stages', { name: 'Qualified', pipeline, order: 1 }))._id
  return { pipeline, stage }
}

export const cases: readonly CatalogueCase[] = [
  {
    resource: 'sub-clients',
    sample: async (ctx) => ({ client: await client(ctx), name: `Asha ${unique()}`, phone: '9876543210' }),
    update: { designation: 'Finance Head' },
    filter: (created) => ({ q: String(created.name) }),
  },
  {
    resource: 'sources',
    sample: () => ({ name: `Referral ${unique()}`, description: 'Word of mouth' }),
    update: { description: 'Existing clients' },
    filter: (created) => ({ name: String(created.name) }),
  },
  {
    resource: 'labels',
    sample: () => ({ name: `Hot ${unique()}`, color: '#d9534f', type: 'deals' }),
    update: { color: '#f0ad4e' },
    filter: () => ({ type: 'deals' }),
  },
  {
    // ISO 3166 keeps `ZZ` for user-assigned use: never a seeded country.
    resource: 'countries',
    sample: () => ({ code: 'ZZ', name: `Testland ${unique()}`, phoneCode: '+999' }),
    update: { phoneCode: '+998' },
    filter: () => ({ code: 'ZZ' }),
  },
  {
    // ISO 4217 keeps `XTS` for testing.
    resource: 'currencies',
    sample: () => ({ code: 'XTS', name: 'Test currency', symbol: 'T' }),
    update: { symbol: 'TT' },
    filter: () => ({ code: 'XTS' }),
  },
  {
    resource: 'pipelines',
    sample: () => ({ name: `New business ${unique()}` }),
    update: { description: 'Inbound and outbound' },
    filter: (created) => ({ q: String(created.name) }),
  },
  {
    resource: 'stages',
    sample: async (ctx) => ({
      name: 'Proposal',
      pipeline: (await ctx.create('pipelines', { name: `Stages ${unique()}` }))._id,
      order: 2,
    }),
    update: { name: 'Proposal sent' },
    filter: (created) => ({ pipeline: String(created.pipeline) }),
  },
  {
    resource: 'deals',
    sample: async (ctx) => ({
      title: `Website revamp ${unique()}`,
      client: await client(ctx),
      ...(await pipelineWithStage(ctx)),
      value: 25_000_00,
    }),
    update: { category: 'Digital' },
    filter: (created) => ({ pipeline: String(created.pipeline) }),
  },
  {
    resource: 'contracts',
    sample: async (ctx) => ({
      subject: `Annual compliance ${unique()}`,
      client: await client(ctx),
      type: 'Retainer',
      value: 1_20_000_00,
      startDate: '2026-04-01',
      endDate: '2027-03-31',
    }),
    update: { project: 'GST filings' },
    filter: (created) => ({ q: String(created.subject) }),
  },
]
