import { Types } from 'mongoose'
import { describe, expect, it } from 'vitest'
import type { Resource } from '../../src/access/matrix.js'
import { can, scopeFilter } from '../../src/access/policy.js'
import { userWith } from './reference-fixtures.js'

// The policy's `own` scope on owners that are lists: `can` (a record in hand) agrees with `scopeFilter` (a query),
// whose `{ path: id }` MongoDB matches against any item of a list. Ids may be stored as ObjectIds or strings.

const ME = '64b0000000000000000000aa'
const OTHER = '64b0000000000000000000bb'

const reader = (resource: string) => userWith(ME, [{ resource, actions: ['read'] }])

describe('the own scope on list owners', () => {
  it('a member of a list of ObjectIds or strings owns the record; a non-member does not', () => {
    const projects = 'ref_projects' as Resource
    expect(scopeFilter(reader('ref_projects'), projects)).toEqual({ members: ME })
    for (const members of [
      [new Types.ObjectId(OTHER), new Types.ObjectId(ME)],
      [OTHER, ME],
    ]) {
      expect(can(reader('ref_projects'), 'read', projects, { members })).toBe(true)
    }
    expect(can(reader('ref_projects'), 'read', projects, { members: [OTHER] })).toBe(false)
    expect(can(reader('ref_projects'), 'read', projects, { members: [] })).toBe(false)
    expect(can(reader('ref_projects'), 'read', projects, {})).toBe(false)
  })

  it('a path into a list of items (members.user) matches any item, as the query does', () => {
    const teams = 'ref_teams' as Resource
    expect(scopeFilter(reader('ref_teams'), teams)).toEqual({ 'members.user': ME })
    const record = { members: [{ user: new Types.ObjectId(OTHER) }, { user: ME }] }
    expect(can(reader('ref_teams'), 'read', teams, record)).toBe(true)
    expect(can(reader('ref_teams'), 'read', teams, { members: [{ user: OTHER }] })).toBe(false)
  })

  it('a single owner still matches as before, as an ObjectId or a string', () => {
    const clients = 'ref_clients' as Resource
    expect(can(reader('ref_clients'), 'read', clients, { ownerId: new Types.ObjectId(ME) })).toBe(true)
    expect(can(reader('ref_clients'), 'read', clients, { ownerId: ME })).toBe(true)
    expect(can(reader('ref_clients'), 'read', clients, { ownerId: OTHER })).toBe(false)
  })
})
