import { z } from 'zod'
import type { WorkflowOptions } from './workflow.js'

// The employee lifecycle. "Approved" is not a resting state of its own: approving a reviewed profile is what makes
// the person an active employee, so `approve` leads to `active` (seed 1's `profileCompletionStatus: "approved"` is
// every state past review; the legacy routes show it that way).
//
//   pending_review --approve--> active --deactivate--> deactivated --leave--> left
//        |   ^                     ^                      |
//     reject  submit (corrected)   +------reactivate------+
//        v   |
//      rejected

const HR = ['HR', 'srdev'] as const

export const EMPLOYEE_STATES = ['pending_review', 'rejected', 'active', 'deactivated', 'left'] as const
export type EmployeeState = (typeof EMPLOYEE_STATES)[number]

export const EMPLOYEE_WORKFLOW = {
  field: 'status',
  initial: 'pending_review',
  states: EMPLOYEE_STATES,
  fields: ['relievingDate'],
  // The employee corrects their own profile while HR has not accepted it yet.
  ownerEditableIn: ['pending_review', 'rejected'],
  transitions: [
    // Anyone who may update the profile (the employee themself, HR) resubmits a corrected profile.
    { name: 'submit', from: ['rejected'], to: 'pending_review' },
    { name: 'approve', from: ['pending_review'], to: 'active', roles: HR },
    { name: 'reject', from: ['pending_review'], to: 'rejected', roles: HR, reasonRequired: true },
    { name: 'deactivate', from: ['active'], to: 'deactivated', roles: HR, reasonRequired: true },
    { name: 'reactivate', from: ['deactivated'], to: 'active', roles: HR },
    {
      name: 'leave',
      from: ['deactivated'],
      to: 'left',
      roles: HR,
      input: z.object({ relievingDate: z.coerce.date({ error: 'must be a date' }) }),
    },
  ],
} as const satisfies WorkflowOptions
