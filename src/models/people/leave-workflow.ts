import type { WorkflowOptions } from '../workflow.js'

// A leave request: pending until HR or the employee's reporting manager decides. Seed 2 let anyone PUT the status;
// here approval and rejection are transitions of their own, audited, a rejection with its reason. The manager is the
// login the employee profile names (`managerUser`, set by HR; the legacy free-text `reportingManager` stays a name),
// whatever their role (leave.ts `access.reportingManager`). Nobody decides their own leave, HR included.

const DECIDERS = ['HR', 'srdev'] as const

export const LEAVE_STATES = ['pending', 'approved', 'rejected'] as const

export const LEAVE_WORKFLOW = {
  field: 'status',
  initial: 'pending',
  states: LEAVE_STATES,
  // The employee corrects their own request until it is decided.
  ownerEditableIn: ['pending'],
  transitions: [
    { name: 'approve', from: ['pending'], to: 'approved', roles: DECIDERS, byManager: true, notByOwner: true },
    {
      name: 'reject',
      from: ['pending'],
      to: 'rejected',
      roles: DECIDERS,
      byManager: true,
      notByOwner: true,
      reasonRequired: true,
    },
  ],
} as const satisfies WorkflowOptions
