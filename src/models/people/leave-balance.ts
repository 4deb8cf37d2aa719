import type { Actor } from '../../access/actor.js'
import { scopeOf } from '../../access/policy.js'
import { ForbiddenError, NotFoundError } from '../../errors.js'
import type { ResourceService } from '../bind-resource.js'
import { daysIncluded } from '../fields/calendar.js'
import { objectIdOf } from '../resource-access.js'
import { LEAVE_TYPES } from './leave.js'
import { LEAVE_ALLOWANCES } from './leave-allowances.js'

// The yearly leave balance of one employee: approved days taken per type (a half day counts 0.5; a leave crossing
// the new year counts in each year for its own days), against the allowance. Calendar days, as the leave records
// them: weekends and holidays inside a leave are not subtracted (seed 2 had no such rule either).

export type LeaveType = (typeof LEAVE_TYPES)[number]

export interface LeaveBalance {
  readonly employee: string
  readonly year: number
  readonly types: Record<LeaveType, { allowance: number; taken: number; remaining: number }>
}

interface Services {
  readonly leaves: ResourceService
  readonly employees: ResourceService
}

/** HR (an `all` read of leaves) sees anyone's balance; a member of staff only their own (403 for another's). */
async function checkAccess(services: Services, actor: Actor, employee: string): Promise<void> {
  const scope = scopeOf(actor, 'read', 'leaves')
  if (scope === undefined) throw new ForbiddenError('You may not read leaves')
  const profile = await services.employees.model
    .findOne({ _id: objectIdOf(employee, 'Employee') }, { userId: 1 })
    .lean<{ userId?: string }>()
  if (!profile) throw new NotFoundError('Employee not found')
  if (scope === 'own' && (actor.kind !== 'user' || profile.userId !== actor.id)) {
    throw new ForbiddenError('You may only read your own leave balance')
  }
}

export async function leaveBalance(
  services: Services,
  actor: Actor,
  employee: string,
  year: number,
): Promise<LeaveBalance> {
  await checkAccess(services, actor, employee)
  const yearStart = new Date(Date.UTC(year, 0, 1))
  const yearEnd = new Date(Date.UTC(year, 11, 31))
  const leaves = await services.leaves.model
    .find(
      {
        employee: objectIdOf(employee, 'Employee'),
        status: 'approved',
        startDate: { $lte: yearEnd },
        endDate: { $gte: yearStart },
      },
      { leaveType: 1, startDate: 1, endDate: 1, isHalfDay: 1 },
    )
    .lean<Array<{ leaveType: LeaveType; startDate: Date; endDate: Date; isHalfDay?: boolean }>>()
  const taken = Object.fromEntries(LEAVE_TYPES.map((type) => [type, 0])) as Record<LeaveType, number>
  for (const leave of leaves) {
    const from = leave.startDate < yearStart ? yearStart : leave.startDate
    const to = leave.endDate > yearEnd ? yearEnd : leave.endDate
    taken[leave.leaveType] += leave.isHalfDay === true ? 0.5 : daysIncluded(from, to)
  }
  const types = Object.fromEntries(
    LEAVE_TYPES.map((type) => {
      const allowance = LEAVE_ALLOWANCES[type]
      return [type, { allowance, taken: taken[type], remaining: Math.max(0, allowance - taken[type]) }]
    }),
  ) as LeaveBalance['types']
  return { employee, year, types }
}
