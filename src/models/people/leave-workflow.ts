import type { WorkflowOptions } from '../workflow.js'

// A leave request: pending until HR decides. Seed 2 let anyone PUT the status; here approval and rejection are
// transitions of their own, audited, a rejection with its reason. The employee's reporting manager is a free-text
// name on the profile (seed 1), not a login, so approval stays with HR (and srdev) until managers are references.

const DECIDERS = ['HR', 'srdev'] as const

export const LEAVE_STATES = ['pending', 'approved', 'rejected'] as const

export const LEAVE_WORKFLOW = {
  field: 'status',
  initial: 'pending',
  states: LEAVE_STATES,
  // The employee corrects their own request until it is decided.
  ownerEditableIn: ['pending'],
  transitions: [
    { name: 'approve', from: ['pending'], to: 'approved', roles: DECIDERS },
    { name: 'reject', from: ['pending'], to: 'rejected', roles: DECIDERS, reasonRequired: true },
  ],
} as const satisfies WorkflowOptions
