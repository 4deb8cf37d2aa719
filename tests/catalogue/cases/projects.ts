import type { CaseContext, CatalogueCase } from '../walk.js'

// Projects and their children, the calendar entries, support tickets, feature switches and subscriptions (issue 17).

const unique = () => Math.random().toString(36).slice(2, 8)

async function project(ctx: CaseContext): Promise<string> {
  const created = await ctx.create('projects', {
    name: `Walk project ${unique()}`,
    budget: 100_000_00,
    startDate: '2026-01-01',
    endDate: '2026-06-30',
  })
  return created._id
}

export const cases: readonly CatalogueCase[] = [
  {
    resource: 'projects',
    sample: async (ctx) => {
      const client = await ctx.create('clients', { companyName: `Globex ${unique()}` })
      return {
        name: `Website ${unique()}`,
        client: client._id,
        memberIds: [ctx.admin.id],
        budget: 250_000_00,
        currency: 'INR',
        estimatedMonths: 3,
        estimatedHours: 480,
        startDate: '2026-01-01',
        endDate: '2026-03-31',
      }
    },
    update: { category: 'web', estimatedHours: 500 },
    filter: (created) => ({ q: String(created.name) }),
  },
  {
    resource: 'tasks',
    sample: async (ctx) => ({
      name: `Wireframes ${unique()}`,
      project: await project(ctx),
      assignees: [ctx.admin.id],
      priority: 'high',
      dueDate: '2026-02-01',
    }),
    update: { priority: 'urgent' },
    filter: (created) => ({ project: String(created.project) }),
  },
  {
    resource: 'milestones',
    sample: async (ctx) => ({ project: await project(ctx), title: `Beta ${unique()}`, cost: 5000_00 }),
    update: { status: 'in_progress' },
    filter: (created) => ({ project: String(created.project) }),
  },
  {
    resource: 'notes',
    sample: async (ctx) => ({
      project: await project(ctx),
      title: `Kick-off ${unique()}`,
      description: 'Agreed scope',
    }),
    update: { type: 'private' },
    filter: (created) => ({ q: String(created.title) }),
  },
  {
    resource: 'expenses',
    sample: async (ctx) => ({
      project: await project(ctx),
      item: `Stock photos ${unique()}`,
      amount: 1999_00,
      purchaseDate: '2026-01-15',
    }),
    update: { description: 'Licence for one year' },
    filter: (created) => ({ q: String(created.item) }),
  },
  {
    resource: 'project-payments',
    sample: async (ctx) => ({
      project: await project(ctx),
      paidOn: '2026-02-10',
      amount: 50_000_00,
      method: 'bank_transfer',
      transactionId: `UTR${unique()}`,
    }),
    update: { remark: 'First instalment' },
    filter: (created) => ({ q: String(created.transactionId) }),
  },
  {
    resource: 'project-reports',
    sample: async (ctx) => ({
      project: await project(ctx),
      periodStart: '2026-01-01',
      periodEnd: '2026-01-31',
      completion: 20,
      status: 'in-progress',
      summary: `January ${unique()}`,
    }),
    update: { completion: 25 },
    filter: (created) => ({ project: String(created.project) }),
  },
  {
    resource: 'taskcalendars',
    sample: () => ({ name: `Call the vendor ${unique()}`, date: '2026-03-02', time: '15:30' }),
    update: { time: '16:00' },
    // Everyone keeps their own entries (tests/projects/calendar.test.ts checks one cannot see another's).
    refusedRole: null,
    filter: (created) => ({ q: String(created.name) }),
  },
  {
    resource: 'tickets',
    sample: () => ({
      requestorEmail: 'customer@example.com',
      subject: `Cannot log in ${unique()}`,
      description: 'The reset email never arrives',
      priority: 'high',
      channel: 'email',
    }),
    update: { group: 'accounts', tags: ['login'] },
    // Every member of staff may raise a ticket (tests/projects/tickets.test.ts checks they see only their own).
    refusedRole: null,
    filter: (created) => ({ q: String(created.subject) }),
  },
  {
    resource: 'features',
    sample: () => ({ key: `projects.timesheets-${unique()}`, description: 'Timesheets tab', audience: ['dev'] }),
    update: { enabled: true },
    filter: (created) => ({ key: String(created.key) }),
  },
  {
    resource: 'subscription-plans',
    sample: () => ({
      name: `Growth ${unique()}`,
      price: 4999_00,
      duration: 'monthly',
      trialDays: 14,
      limits: { maxUsers: 25 },
      features: ['crm', 'hrm'],
    }),
    update: { status: 'inactive' },
    filter: (created) => ({ q: String(created.name) }),
  },
  {
    resource: 'client-subscriptions',
    sample: async (ctx) => {
      const client = await ctx.create('clients', { companyName: `Initech ${unique()}` })
      const plan = await ctx.create('subscription-plans', { name: `Basic ${unique()}`, price: 0, duration: 'yearly' })
      return { client: client._id, plan: plan._id, startDate: '2026-01-01', endDate: '2026-12-31' }
    },
    update: { paymentStatus: 'completed' },
    filter: (created) => ({ client: String(created.client) }),
  },
]
