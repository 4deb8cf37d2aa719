import { describe, expect, it } from 'vitest'
import type { Placement, UserActor } from '../../src/access/actor.js'
import { DEFAULT_ROLES } from '../../src/access/matrix.js'
import { can, openReadFilter, scopeFilter } from '../../src/access/policy.js'
import { CATALOGUE } from '../../src/models/catalogue.js'

// The policy's relations as pure functions of the actor's placement and the record: the reporting manager's reach
// over their reports' leaves, and an announcement's audience. The filters and the record checks agree.

const ME = '64b000000000000000000001'
const REPORT = '64b0000000000000000000aa'
const OTHER = '64b0000000000000000000bb'

function actor(role: string, placement: Placement = { departments: [], reports: [] }): UserActor {
  const grants = DEFAULT_ROLES.find((r) => r.name === role)?.grants ?? []
  return { kind: 'user', id: ME, role, grants, placement }
}

const manager = actor('user', { departments: ['Sales'], reports: [REPORT] })

describe('the reporting-manager relation (leaves)', () => {
  it('is declared on leaves', () => {
    expect(CATALOGUE.leaves.access.reportingManager).toEqual({ employee: 'employee', actions: ['read', 'history'] })
  })

  it("widens the manager's read and history scope to their reports' leaves, never their update scope", () => {
    const reports = { employee: { $in: [REPORT] } }
    expect(scopeFilter(manager, 'leaves', 'read')).toEqual({ $or: [{ userId: ME }, reports] })
    expect(scopeFilter(manager, 'leaves', 'history')).toEqual({ $or: [{ userId: ME }, reports] })
    expect(scopeFilter(manager, 'leaves', 'update')).toEqual({ userId: ME })
    expect(scopeFilter(actor('user'), 'leaves', 'read')).toEqual({ userId: ME })
  })

  it("decides a record as its filter does: a report's leave readable, not changeable; a stranger's neither", () => {
    const reportLeave = { employee: REPORT, userId: OTHER }
    const strangerLeave = { employee: OTHER, userId: OTHER }
    expect(can(manager, 'read', 'leaves', reportLeave)).toBe(true)
    expect(can(manager, 'update', 'leaves', reportLeave)).toBe(false)
    expect(can(manager, 'read', 'leaves', strangerLeave)).toBe(false)
  })

  it('opens leaves to a manager whose role holds no leave grant at all, and to nobody else of that role', () => {
    const devManager = actor('dev', { departments: [], reports: [REPORT] })
    expect(can(devManager, 'read', 'leaves')).toBe(true)
    expect(scopeFilter(devManager, 'leaves', 'read')).toEqual({ employee: { $in: [REPORT] } })
    expect(can(actor('dev'), 'read', 'leaves')).toBe(false)
    expect(scopeFilter(actor('dev'), 'leaves', 'read')).toBeNull()
  })
})

describe('the audience relation (announcements)', () => {
  it("limits staff to everyone's and their department's; HR and senior admins read all", () => {
    expect(openReadFilter(manager, 'announcements')).toEqual({
      $or: [{ departments: { $size: 0 } }, { departments: { $in: ['Sales'] } }],
    })
    expect(openReadFilter(actor('bdm'), 'announcements')).toEqual({
      $or: [{ departments: { $size: 0 } }, { departments: { $in: [] } }],
    })
    expect(openReadFilter(actor('HR'), 'announcements')).toEqual({})
    expect(openReadFilter(actor('senior admin'), 'announcements')).toEqual({})
    expect(openReadFilter(actor('srdev'), 'announcements')).toEqual({})
  })

  it('leaves resources without a declared audience open to every reader', () => {
    expect(openReadFilter(manager, 'holidays')).toEqual({})
  })
})
