import { MongoClient, MongoServerError } from 'mongodb'
import type { ObjectId } from 'mongodb'
import type { CommandStartedEvent, CommandSucceededEvent, Db, Document } from 'mongodb'
import { expect } from 'vitest'
import { freshDbUri } from '../../setup/db.js'

/** True when the suite runs against a real MongoDB (MONGO_URL) instead of the embedded server. */
export const isExternalServer = Boolean(process.env.MONGO_URL)

/** A document of any shape whose `_id` may be of any BSON type (the driver's default `Document` assumes ObjectId). */
export interface LooseDoc extends Document {
  _id?: ObjectId | string | number | Date | Document
}

/** A driver client on a database of its own, recording every command it sends and every successful reply. */
export interface TestDb {
  client: MongoClient
  db: Db
  uri: string
  started: CommandStartedEvent[]
  succeeded: CommandSucceededEvent[]
}

export async function openTestDb(label: string, uri = freshDbUri(label)): Promise<TestDb> {
  const client = new MongoClient(uri, { monitorCommands: true })
  const started: CommandStartedEvent[] = []
  const succeeded: CommandSucceededEvent[] = []
  client.on('commandStarted', (event) => started.push(event))
  client.on('commandSucceeded', (event) => succeeded.push(event))
  await client.connect()
  return { client, db: client.db(), uri, started, succeeded }
}

/** Drops the test database (so a real MongoDB is left clean) and closes the client. */
export async function closeTestDb(t: TestDb | undefined): Promise<void> {
  if (!t) return
  try {
    await t.db.dropDatabase()
  } finally {
    await t.client.close()
  }
}

/** The value a promise rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error: unknown) {
    return error
  }
  throw new Error('expected the operation to fail, but it succeeded')
}

/** Asserts that `promise` rejects with a server error carrying `code` (and `codeName` when given). */
export async function expectServerError(
  promise: Promise<unknown>,
  code: number,
  codeName?: string,
): Promise<MongoServerError> {
  const error = await rejectionOf(promise)
  expect(error).toBeInstanceOf(MongoServerError)
  if (!(error instanceof MongoServerError)) throw error
  expect(error.code).toBe(code)
  if (codeName !== undefined) expect(error.codeName).toBe(codeName)
  return error
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns the last result. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 5_000,
  intervalMs = 50,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return true
    if (Date.now() >= deadline) return false
    await sleep(intervalMs)
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** The commands of one name that the client sent since `from` (an index into `started`). */
export function commandsNamed(t: TestDb, name: string, from = 0): Document[] {
  return t.started
    .slice(from)
    .filter((event) => event.commandName === name)
    .map((event) => event.command)
}

/** The replies of one command name that the client received since `from` (an index into `succeeded`). */
export function repliesNamed(t: TestDb, name: string, from = 0): Document[] {
  return t.succeeded
    .slice(from)
    .filter((event) => event.commandName === name)
    .map((event) => event.reply as Document)
}

/** True when the server is a replica-set member (hello carries `setName`): transactions are then allowed. */
export async function isReplicaSet(db: Db): Promise<boolean> {
  const hello = await db.admin().command({ hello: 1 })
  return typeof hello.setName === 'string'
}
