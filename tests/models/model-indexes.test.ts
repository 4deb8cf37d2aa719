import type { IndexDescription } from 'mongodb'
import { Schema, type Connection } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openConnection, type Database } from '../../src/db/connect.js'
import { createModelIndexes } from '../../src/db/model-indexes.js'
import { buildTestApp, type TestApp } from '../setup/app.js'
import { freshDbUri } from '../setup/db.js'

// syncIndexes sends each model's indexes in one createIndexes command (src/db/model-indexes.ts) where mongoose's
// Model.createIndexes sends one per index. The indexes must be exactly those mongoose would have built.

let t: TestApp
let twin: Database
beforeAll(async () => {
  t = await buildTestApp('model_indexes')
  twin = await openConnection(freshDbUri('model_indexes_twin'), () => Promise.resolve())
})
afterAll(async () => {
  await twin.close()
  await t.close()
})

/** Every index of a collection as the server lists it, by name, without the version field. */
async function indexesOf(connection: Connection, collection: string): Promise<Record<string, unknown>> {
  const db = connection.db
  if (!db) throw new Error('not connected')
  const listed = await db.collection(collection).listIndexes().toArray()
  return Object.fromEntries(listed.map(({ v: _, ...index }) => [String(index.name), index]))
}

describe('createModelIndexes', () => {
  it('when the app syncs its indexes, every collection gets exactly the indexes mongoose itself would build', async () => {
    const models = Object.values(t.context.db.connection.models)
    // The app's whole model list, including the jobs', the inbox's and the resources' models.
    expect(models.length).toBeGreaterThan(50)
    let compared = 0
    for (const model of models) {
      const collection = model.collection.collectionName
      const same = twin.connection.model(model.modelName, model.schema, collection)
      await same.createIndexes()
      const declared = model.schema.indexes().length
      const ours = await indexesOf(t.context.db.connection, collection)
      expect(Object.keys(ours).length, collection).toBe(declared + 1)
      expect(ours, collection).toEqual(await indexesOf(twin.connection, collection))
      compared += declared
    }
    expect(compared).toBeGreaterThan(150)
  })

  it('when a declared index changed its options, it refuses as mongoose does (IndexOptionsConflict)', async () => {
    const connection = t.context.db.connection
    const before = connection.model('IndexTwinA', new Schema({ code: String }).index({ code: 1 }), 'index_twin')
    await createModelIndexes(before)
    const after = connection.model(
      'IndexTwinB',
      new Schema({ code: String }).index({ code: 1 }, { unique: true }),
      'index_twin',
    )
    await expect(createModelIndexes(after)).rejects.toMatchObject({ code: 85, codeName: 'IndexOptionsConflict' })
    await expect(after.createIndexes()).rejects.toMatchObject({ code: 85, codeName: 'IndexOptionsConflict' })
    expect(Object.keys(await indexesOf(connection, 'index_twin'))).toEqual(['_id_', 'code_1'])
  })

  it('when a schema has a collation, refuses to build rather than build different indexes', async () => {
    const collated = t.context.db.connection.model(
      'IndexTwinCollated',
      new Schema({ name: String }, { collation: { locale: 'en', strength: 2 } }).index({ name: 1 }),
      'index_twin_collated',
    )
    await expect(createModelIndexes(collated)).rejects.toThrow(/does not apply a schema collation/)
  })

  it('with background sync, builds new non-unique indexes after returning; unique and existing ones before', async () => {
    const connection = t.context.db.connection
    await connection.collection('index_bg').insertMany([
      { code: 'a', ref: 1, serial: 's1' },
      { code: 'b', ref: 2 },
    ])
    await createModelIndexes(connection.model('IndexBgA', new Schema({ code: String }).index({ code: 1 }), 'index_bg'))
    const schema = new Schema({ code: String, ref: Number, serial: String })
      .index({ code: 1 })
      .index({ ref: 1 })
      .index({ serial: 1 }, { unique: true, sparse: true })
    const model = connection.model('IndexBgB', schema, 'index_bg')
    // The model as createModelIndexes sees it, with its createIndexes commands recorded in the order sent.
    const sent: string[][] = []
    const recorded = {
      modelName: model.modelName,
      schema: model.schema,
      collection: {
        listIndexes: () => model.collection.listIndexes(),
        createIndexes: (specs: IndexDescription[]) => {
          sent.push(specs.map((spec) => Object.keys(spec.key).join()))
          return model.collection.createIndexes(specs)
        },
      },
    }
    const handed: { model: string; build: Promise<void> }[] = []
    await createModelIndexes(recorded, { background: (name, build) => handed.push({ model: name, build }) })
    expect(sent).toEqual([['code', 'serial'], ['ref']])
    expect(handed.map((h) => h.model)).toEqual(['IndexBgB'])
    expect(Object.keys(await indexesOf(connection, 'index_bg'))).toEqual(expect.arrayContaining(['code_1', 'serial_1']))
    await handed[0]?.build
    expect(Object.keys(await indexesOf(connection, 'index_bg')).sort()).toEqual(['_id_', 'code_1', 'ref_1', 'serial_1'])

    // A changed option on an existing index still refuses, before anything is handed over.
    const changed = connection.model(
      'IndexBgC',
      new Schema({ code: String }).index({ code: 1 }, { sparse: true }),
      'index_bg',
    )
    const more: string[] = []
    await expect(createModelIndexes(changed, { background: (name) => more.push(name) })).rejects.toMatchObject({
      codeName: 'IndexOptionsConflict',
    })
    expect(more).toEqual([])
  })
})
