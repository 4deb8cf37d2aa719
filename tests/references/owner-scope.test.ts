import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../setup/app.js'
import { buildTestApp } from '../setup/app.js'
import { auditOf } from '../setup/resource-app.js'
import { bindRefResources, idOf, seeder, userWith, type RefServices } from './reference-fixtures.js'

// `access.ownerFrom` (a deal belongs to whoever owns its client) and owners that are lists (a project's members, a
// team's `members.user`): the `own` scope follows both, in lists, gets and writes.

let t: TestApp
let refs: RefServices
beforeAll(async () => {
  t = await buildTestApp('references-owners')
  refs = bindRefResources(t)
})
afterAll(async () => t.close())

const newId = () => new Types.ObjectId().toHexString()

function bdm(id: string) {
  return userWith(id, [
    { resource: 'ref_deals', actions: ['read', 'create', 'update'] },
    { resource: 'ref_clients', actions: ['read'] },
  ])
}

describe('ownerFrom: a deal takes its owner from its client', () => {
  it('when a deal is created, its owner is the client owner, whoever wrote it, and the entry records it', async () => {
    const owner = newId()
    const client = await refs.clients.create(seeder, { name: 'Acme', ownerId: owner })
    const deal = await refs.deals.create(seeder, { title: 'Big', client: idOf(client) })
    expect(String(deal.ownerId)).toBe(owner)
    const [entry] = await auditOf(t, idOf(deal))
    expect(entry?.changes).toContainEqual({ path: 'ownerId', after: new Types.ObjectId(owner) })
  })

  it('when a caller sends an owner, responds 400 naming it: the owner is not input', async () => {
    const client = await refs.clients.create(seeder, { name: 'Acme', ownerId: newId() })
    await expect(
      refs.deals.create(seeder, { title: 'Big', client: idOf(client), ownerId: newId() }),
    ).rejects.toMatchObject({ issues: [{ path: [], keys: ['ownerId'] }] })
  })

  it("when a bdm lists and reads deals, they see only their clients' deals", async () => {
    const mine = newId()
    const theirs = newId()
    const myClient = await refs.clients.create(seeder, { name: 'Mine', ownerId: mine })
    const theirClient = await refs.clients.create(seeder, { name: 'Theirs', ownerId: theirs })
    const myDeal = await refs.deals.create(seeder, { title: 'Mine', client: idOf(myClient) })
    const theirDeal = await refs.deals.create(seeder, { title: 'Theirs', client: idOf(theirClient) })
    const page = await refs.deals.list(bdm(mine), { page: 1, limit: 100 })
    expect(page.items.map(idOf)).toEqual([idOf(myDeal)])
    expect(page.total).toBe(1)
    await expect(refs.deals.get(bdm(mine), idOf(theirDeal))).rejects.toMatchObject({ status: 404 })
    expect(idOf(await refs.deals.get(bdm(mine), idOf(myDeal)))).toBe(idOf(myDeal))
  })

  it("when a bdm creates a deal under someone else's client, responds 403 and stores nothing", async () => {
    const mine = newId()
    const theirClient = await refs.clients.create(seeder, { name: 'Theirs', ownerId: newId() })
    const myClient = await refs.clients.create(seeder, { name: 'Mine', ownerId: mine })
    const before = await refs.deals.model.countDocuments()
    await expect(refs.deals.create(bdm(mine), { title: 'Sneaky', client: idOf(theirClient) })).rejects.toMatchObject({
      status: 403,
    })
    expect(await refs.deals.model.countDocuments()).toBe(before)
    const created = await refs.deals.create(bdm(mine), { title: 'Fine', client: idOf(myClient) })
    expect(String(created.ownerId)).toBe(mine)
    const moved = refs.deals.update(bdm(mine), idOf(created), { client: idOf(theirClient) })
    await expect(moved).rejects.toMatchObject({ status: 403 })
  })

  it("when the client's owner changes, existing deals keep theirs until their client is written again", async () => {
    const first = newId()
    const second = newId()
    const client = await refs.clients.create(seeder, { name: 'Acme', ownerId: first })
    const deal = await refs.deals.create(seeder, { title: 'Big', client: idOf(client) })
    await refs.clients.update(seeder, idOf(client), { ownerId: second })
    expect(String((await refs.deals.model.findById(idOf(deal)).lean())?.ownerId)).toBe(first)
    const rewritten = await refs.deals.update(seeder, idOf(deal), { client: idOf(client) })
    expect(String(rewritten.ownerId)).toBe(second)
    const entries = await auditOf(t, idOf(deal))
    expect(entries.at(-1)?.changes).toContainEqual({
      path: 'ownerId',
      before: new Types.ObjectId(first),
      after: new Types.ObjectId(second),
    })
  })
})

describe('owners that are lists', () => {
  const member = (id: string) =>
    userWith(id, [
      { resource: 'ref_projects', actions: ['read', 'update'] },
      { resource: 'ref_tasks', actions: ['read', 'create'] },
      { resource: 'ref_teams', actions: ['read'] },
    ])

  it('when a project has members, each member sees it in lists and gets; nobody else does', async () => {
    const [a, b, c] = [newId(), newId(), newId()]
    const project = await refs.projects.create(seeder, { name: 'Apollo', members: [a, b] })
    for (const id of [a, b]) {
      expect((await refs.projects.list(member(id), { page: 1, limit: 100 })).items.map(idOf)).toEqual([idOf(project)])
      expect(idOf(await refs.projects.get(member(id), idOf(project)))).toBe(idOf(project))
    }
    expect((await refs.projects.list(member(c), { page: 1, limit: 100 })).items).toEqual([])
    await expect(refs.projects.get(member(c), idOf(project))).rejects.toMatchObject({ status: 404 })
    const renamed = await refs.projects.update(member(b), idOf(project), { name: 'Apollo 2' })
    expect(renamed.name).toBe('Apollo 2')
    await expect(refs.projects.update(member(c), idOf(project), { name: 'X' })).rejects.toMatchObject({ status: 404 })
  })

  it("when a task is created under a project, it inherits the project's members and each of them sees it", async () => {
    const [a, b, c] = [newId(), newId(), newId()]
    const project = await refs.projects.create(seeder, { name: 'Gemini', members: [a, b] })
    const task = await refs.tasks.create(member(b), { title: 'Launch', project: idOf(project) })
    expect((task.members as unknown[]).map(String)).toEqual([a, b])
    expect((await refs.tasks.list(member(a), { page: 1, limit: 100 })).items.map(idOf)).toEqual([idOf(task)])
    expect((await refs.tasks.list(member(c), { page: 1, limit: 100 })).items).toEqual([])
    await expect(refs.tasks.create(member(c), { title: 'No', project: idOf(project) })).rejects.toMatchObject({
      status: 403,
    })
  })

  it('when the owner is a field of a list of members (members.user), each member user sees the team', async () => {
    const [a, b, c] = [newId(), newId(), newId()]
    const team = await refs.teams.create(seeder, {
      name: 'Ops',
      members: [
        { user: a, role: 'lead' },
        { user: b, role: 'member' },
      ],
    })
    expect((await refs.teams.list(member(b), { page: 1, limit: 100 })).items.map(idOf)).toEqual([idOf(team)])
    expect(idOf(await refs.teams.get(member(a), idOf(team)))).toBe(idOf(team))
    expect((await refs.teams.list(member(c), { page: 1, limit: 100 })).items).toEqual([])
  })
})
