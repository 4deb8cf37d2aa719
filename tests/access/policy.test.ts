import { describe, expect, it } from 'vitest'
import type { Actor, UserActor } from '../../src/access/actor.js'
import { DEFAULT_ROLES } from '../../src/access/matrix.js'
import { applyMask, can, forbiddenUpdateFields, MASK, maskedFields, scopeFilter } from '../../src/access/policy.js'

function actor(role: string, id = '64b000000000000000000001'): UserActor {
  const grants = DEFAULT_ROLES.find((r) => r.name === role)?.grants ?? []
  return { kind: 'user', id, role, grants }
}

describe('the access policy on the seeded matrix', () => {
  it.each([
    ['srdev', 'destroy', 'bookings', true],
    ['dev', 'destroy', 'bookings', false],
    ['dev', 'export', 'bookings', true],
    ['senior admin', 'restore', 'bookings', true],
    ['senior admin', 'destroy', 'bookings', false],
    ['admin', 'update', 'bookings', true],
    ['admin', 'trash', 'bookings', false],
    ['HR', 'read', 'bookings', false],
    ['bdm', 'create', 'bookings', true],
    ['bdm', 'update', 'bookings', false],
    ['user', 'read', 'services', true],
    ['user', 'create', 'services', false],
    ['HR', 'trash', 'employees', true],
    ['HR', 'destroy', 'employees', false],
    ['senior admin', 'export', 'employees', true],
    ['dev', 'update', 'employees', false],
  ] as const)('%s may %s %s: %s', (role, action, resource, expected) => {
    expect(can(actor(role), action, resource)).toBe(expected)
  })

  it('a bdm sees only their own bookings: the filter names the owner and a foreign record is refused', () => {
    const bdm = actor('bdm', '64b0000000000000000000aa')
    expect(scopeFilter(bdm, 'bookings')).toEqual({ user_id: '64b0000000000000000000aa' })
    expect(can(bdm, 'read', 'bookings', { user_id: '64b0000000000000000000aa' })).toBe(true)
    expect(can(bdm, 'read', 'bookings', { user_id: '64b0000000000000000000bb' })).toBe(false)
    expect(scopeFilter(actor('senior admin'), 'bookings')).toEqual({})
    expect(scopeFilter(actor('HR'), 'bookings')).toBeNull()
  })

  it("masks employees' sensitive fields for senior admin only, and applyMask replaces them in a copy", () => {
    expect(maskedFields(actor('senior admin'), 'employees')).toEqual(
      expect.arrayContaining(['offeredSalary', 'aadharNumber', 'accountNumber']),
    )
    expect(maskedFields(actor('HR'), 'employees')).toEqual([])
    const record = { employeeFullName: 'A', offeredSalary: '50000', aadharNumber: '123412341234' }
    const masked = applyMask(actor('senior admin'), 'employees', record)
    expect(masked).toEqual({ employeeFullName: 'A', offeredSalary: MASK, aadharNumber: MASK })
    expect(record.offeredSalary).toBe('50000')
  })

  it('admin may update bookings but not their services; srdev has no such limit', () => {
    expect(forbiddenUpdateFields(actor('admin'), 'bookings')).toEqual(['services'])
    expect(forbiddenUpdateFields(actor('srdev'), 'bookings')).toEqual([])
  })

  it('jobs and system code are trusted; webhooks get nothing by default; an unknown role gets nothing', () => {
    const job: Actor = { kind: 'job', name: 'trash.purge' }
    expect(can(job, 'destroy', 'bookings')).toBe(true)
    expect(scopeFilter({ kind: 'system' }, 'users')).toEqual({})
    expect(can({ kind: 'webhook', source: 'github' }, 'update', 'bookings')).toBe(false)
    // Razorpay's declared grant (WEBHOOK_GRANTS) records receipts on bookings and moves payments; nothing more.
    const razorpay: Actor = { kind: 'webhook', source: 'razorpay' }
    expect(can(razorpay, 'update', 'bookings')).toBe(true)
    expect(can(razorpay, 'destroy', 'bookings')).toBe(false)
    expect(can(razorpay, 'create', 'bookings')).toBe(false)
    expect(can(razorpay, 'read', 'users')).toBe(false)
    expect(can(razorpay, 'read', 'invoices')).toBe(false)
    expect(can({ kind: 'user', id: 'x', role: 'ghost', grants: [] }, 'read', 'services')).toBe(false)
  })

  it('with two grants on one resource, the widest scope wins and a field is masked only if both mask it', () => {
    const mixed: UserActor = {
      kind: 'user',
      id: 'u1',
      role: 'custom',
      grants: [
        {
          resource: 'employees',
          actions: ['read'],
          scope: 'own',
          maskedFields: ['offeredSalary', 'panNumber'],
          readonlyFields: [],
        },
        { resource: 'employees', actions: ['read'], scope: 'all', maskedFields: ['panNumber'], readonlyFields: [] },
      ],
    }
    expect(scopeFilter(mixed, 'employees')).toEqual({})
    expect(maskedFields(mixed, 'employees')).toEqual(['panNumber'])
  })
})
