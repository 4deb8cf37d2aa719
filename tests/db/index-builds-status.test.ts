import { describe, expect, it } from 'vitest'
import { serverStatus } from '../../src/db/embedded/commands/admin.js'
import { CursorManager } from '../../src/db/embedded/engine/cursors.js'
import { Engine } from '../../src/db/embedded/engine/engine.js'
import { Operation } from '../../src/db/embedded/engine/operation.js'
import { plan } from '../../src/db/embedded/engine/planner.js'

function status(engine: Engine): { inProgress: number } {
  const ctx = {
    body: { serverStatus: 1 },
    db: 'admin',
    engine,
    cursors: new CursorManager(),
    connectionId: 1,
    startedAt: new Date(),
    port: 0,
    op: new Operation(),
  }
  return (serverStatus(ctx) as { indexBuilds: { inProgress: number } }).indexBuilds
}

describe('serverStatus: index builds in progress', () => {
  it('when a large collection is recovered, then its index sorts count as in progress until each is done and the planner uses it', async () => {
    const engine = new Engine()
    engine.startRecovery()
    engine.replay({ t: 'createCollection', db: 'app', coll: 'people', options: {} })
    engine.replay({ t: 'createIndex', db: 'app', coll: 'people', spec: { v: 2, key: { city: 1 }, name: 'city_1' } })
    engine.replay({ t: 'createIndex', db: 'app', coll: 'people', spec: { v: 2, key: { age: 1 }, name: 'age_1' } })
    // Past the size from which the sorts after recovery run in the background (collection.ts).
    for (let i = 0; i < 12_000; i++) {
      engine.replay(
        { t: 'put', db: 'app', coll: 'people', doc: { _id: i, city: `c${i % 7}`, age: i % 90 } },
        'snapshot',
      )
    }
    expect(status(engine).inProgress).toBe(0)
    engine.finishRecovery()
    const people = engine.collection('app', 'people')
    if (!people) throw new Error('people not recovered')
    // `_id_`, `city_1` and `age_1`.
    expect(status(engine).inProgress).toBe(3)
    expect(plan(people, { city: 'c3' }, []).index).toBeUndefined()
    await Promise.all([...people.building.values()].map((build) => build.done))
    expect(status(engine).inProgress).toBe(0)
    expect(plan(people, { city: 'c3' }, []).index).toBe('city_1')
  })
})
