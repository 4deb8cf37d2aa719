import type { WorkflowOptions } from '../workflow.js'

// A candidate's way through a posting. Rejection is possible from every state but the two final ones; each step is
// HR's (and srdev's), audited with its reason (required for a rejection).

const RECRUITERS = ['HR', 'srdev'] as const

export const APPLICATION_STATES = ['applied', 'shortlisted', 'interviewing', 'offered', 'hired', 'rejected'] as const

export const APPLICATION_WORKFLOW = {
  field: 'status',
  initial: 'applied',
  states: APPLICATION_STATES,
  transitions: [
    { name: 'shortlist', from: ['applied'], to: 'shortlisted', roles: RECRUITERS },
    { name: 'interview', from: ['shortlisted'], to: 'interviewing', roles: RECRUITERS },
    { name: 'offer', from: ['interviewing'], to: 'offered', roles: RECRUITERS },
    { name: 'hire', from: ['offered'], to: 'hired', roles: RECRUITERS },
    {
      name: 'reject',
      from: ['applied', 'shortlisted', 'interviewing', 'offered'],
      to: 'rejected',
      roles: RECRUITERS,
      reasonRequired: true,
    },
  ],
} as const satisfies WorkflowOptions
