import type { CatalogueCase } from '../walk.js'

// HR's lists (departments, branches, designations) and the first sales record (clients).

const unique = () => Math.random().toString(36).slice(2, 8)

export const cases: readonly CatalogueCase[] = [
  {
    resource: 'departments',
    sample: () => ({ name: `Research ${unique()}`, code: 'RS' }),
    update: { code: 'RD' },
    filter: (created) => ({ name: String(created.name) }),
  },
  {
    resource: 'branches',
    sample: () => ({ name: `Pune ${unique()}` }),
    update: { name: `Pune West ${unique()}` },
    filter: (created) => ({ q: String(created.name) }),
  },
  {
    resource: 'designations',
    sample: () => ({ name: `Analyst ${unique()}` }),
    update: { name: `Senior Analyst ${unique()}` },
    filter: (created) => ({ q: String(created.name) }),
  },
  {
    resource: 'clients',
    sample: () => ({
      companyName: `Acme ${unique()} Pvt Ltd`,
      email: 'accounts@acme.example',
      gstIn: '27AAPFU0939F1ZV',
      billingAddress: { city: 'Mumbai', state: 'Maharashtra', country: 'India' },
    }),
    update: { contactName: 'Asha Rao' },
    filter: (created) => ({ q: String(created.companyName) }),
  },
]
