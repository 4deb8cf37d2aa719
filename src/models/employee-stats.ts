import type { Actor } from '../access/actor.js'
import { scopeOf } from '../access/policy.js'
import { ForbiddenError } from '../errors.js'
import type { ResourceService } from './bind-resource.js'

// The HR figures (REST /employees/stats, legacy /employee/stats, the HR dashboard), computed from one projection
// of the live profiles: an office's staff list is small, and one pass gives every figure consistently.

export interface Count {
  readonly _id: string
  readonly count: number
}

export interface PersonDate {
  readonly _id: string
  readonly employeeId: string
  readonly employeeFullName: string
  readonly department: string
  readonly date: string
}

export interface EmployeeStats {
  /** Profiles not trashed, whatever their state. */
  readonly total: number
  /** Active employees (the headcount). */
  readonly headcount: number
  readonly byDepartment: Count[]
  readonly byBranch: Count[]
  readonly byStatus: Count[]
  readonly pendingReviews: number
  /** Active employees who joined in the last 30 days. */
  readonly joinersLast30Days: PersonDate[]
  readonly birthdaysThisMonth: PersonDate[]
  readonly anniversariesThisMonth: PersonDate[]
  /** The five latest joiners among active employees. */
  readonly recentJoiners: PersonDate[]
}

interface Row {
  _id: unknown
  employeeId?: string
  employeeFullName: string
  department: string
  branch: string
  status: string
  dateOfBirth?: Date | null
  dateOfJoining?: Date | null
}

function countBy(rows: readonly Row[], key: (row: Row) => string): Count[] {
  const counts = new Map<string, number>()
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1)
  return [...counts]
    .map(([_id, count]) => ({ _id, count }))
    .sort((a, b) => b.count - a.count || (a._id < b._id ? -1 : 1))
}

function person(row: Row, date: Date): PersonDate {
  const { employeeFullName, department } = row
  return {
    _id: String(row._id),
    employeeId: row.employeeId ?? '',
    employeeFullName,
    department,
    date: date.toISOString(),
  }
}

function sameMonth(rows: readonly Row[], pick: (row: Row) => Date | null | undefined, now: Date): PersonDate[] {
  const month = now.getUTCMonth()
  return rows
    .flatMap((row) => {
      const date = pick(row)
      return date && date.getUTCMonth() === month ? [person(row, date)] : []
    })
    .sort((a, b) => new Date(a.date).getUTCDate() - new Date(b.date).getUTCDate())
}

/** Every figure; only for callers who may read all profiles (HR, senior admin, developers). */
export async function employeeStats(service: ResourceService, actor: Actor, now = new Date()): Promise<EmployeeStats> {
  if (scopeOf(actor, 'read', 'employees') !== 'all') throw new ForbiddenError('You may not see employee figures')
  const rows = await service.model
    .find(
      { deletedAt: null },
      { employeeId: 1, employeeFullName: 1, department: 1, branch: 1, status: 1, dateOfBirth: 1, dateOfJoining: 1 },
    )
    .lean<Row[]>()
  const active = rows.filter((row) => row.status === 'active')
  const since = now.getTime() - 30 * 86_400_000
  return {
    total: rows.length,
    headcount: active.length,
    byDepartment: countBy(active, (row) => row.department),
    byBranch: countBy(active, (row) => row.branch),
    byStatus: countBy(rows, (row) => row.status),
    pendingReviews: rows.filter((row) => row.status === 'pending_review').length,
    joinersLast30Days: active
      .filter((row) => row.dateOfJoining && row.dateOfJoining.getTime() >= since && row.dateOfJoining <= now)
      .map((row) => person(row, row.dateOfJoining as Date)),
    birthdaysThisMonth: sameMonth(active, (row) => row.dateOfBirth, now),
    anniversariesThisMonth: sameMonth(
      active.filter((row) => row.dateOfJoining && row.dateOfJoining.getUTCFullYear() < now.getUTCFullYear()),
      (row) => row.dateOfJoining,
      now,
    ),
    recentJoiners: active
      .filter((row) => row.dateOfJoining)
      .sort((a, b) => (b.dateOfJoining as Date).getTime() - (a.dateOfJoining as Date).getTime())
      .slice(0, 5)
      .map((row) => person(row, row.dateOfJoining as Date)),
  }
}
