import type { LEAVE_TYPES } from './leave.js'

/**
 * Days of each leave type an employee may take in a calendar year. A company policy rather than a deployment
 * setting, so a constant here (seed 2 had none); `other` has no allowance: such days are reported, not budgeted.
 */
export const LEAVE_ALLOWANCES: Readonly<Record<(typeof LEAVE_TYPES)[number], number>> = Object.freeze({
  sick: 12,
  casual: 12,
  annual: 18,
  other: 0,
})
