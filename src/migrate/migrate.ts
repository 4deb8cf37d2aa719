import type { Connection } from 'mongoose'
import { seedRoles } from '../access/seed-roles.js'
import type { Logger } from '../logger.js'
import { createPaymentProvider } from '../integrations/razorpay.js'
import { bindResources, syncResourceIndexes, type MoneyOptions, type Resources } from '../models/index.js'
import { roleModel } from '../models/role.js'
import { userModel, type UserModel } from '../models/user.js'
import type { Document } from 'mongodb'
import type { ResourceRecord } from '../models/define-resource.js'
import { invoiceRecord, paymentLinkRecord, paymentQrRecord } from './seed1-money.js'
import { employeeHistory, employeeRecord, leadRecord } from './seed1-people.js'
import { countsMatch, readableThroughService } from './invariants.js'
import { migrateCollection, type ResourceMigration } from './migrate-collection.js'
import { migrateUsers } from './migrate-users.js'
import { emptyCollectionReport, type MigrationReport } from './report.js'
import { bookingHistory, bookingRecord } from './seed1-bookings.js'
import { createModelIndexes } from '../db/model-indexes.js'

// Seed 1's database into ours (issue 18): users, then every collection of §2.4 of the seed reference (services,
// bookings and employees with their history, leads, payment links and QR codes, invoices); each is one
// ResourceMigration below.

export interface MigrateOptions {
  /** Seed 1's database. */
  readonly source: Connection
  /** Ours; the same database as `source` migrates in place. */
  readonly target: Connection
  readonly dryRun?: boolean
  readonly logger: Logger
  /** Test fault point (see RunOptions.afterClaim). */
  readonly afterClaim?: (id: string) => void
}

/** Our resource for each seed-1 collection. */
function resourceMigrations(
  resources: Resources,
  ownerIdByName: ReadonlyMap<string, string>,
): Array<[ResourceMigration, Resources['all'][number]]> {
  const service = (old: Document): ResourceRecord => ({
    label: old.label as unknown,
    value: old.value as unknown,
    status: old.status as unknown,
  })
  return [
    [{ from: 'services', record: service }, resources.services],
    [{ from: 'bookings', record: bookingRecord, history: bookingHistory }, resources.bookings],
    [{ from: 'employeeprofiles', record: employeeRecord, history: employeeHistory }, resources.employees],
    [{ from: 'emails', record: (old) => leadRecord(old, ownerIdByName) }, resources.leads],
    [{ from: 'paymentlinks', record: (old) => paymentLinkRecord(old, ownerIdByName) }, resources.paymentLinks],
    [{ from: 'paymentqrs', record: (old) => paymentQrRecord(old, ownerIdByName) }, resources.paymentQrs],
    [{ from: 'invoices', record: invoiceRecord }, resources.invoices],
  ]
}

/** Lower-cased user names that name exactly one user: seed 1 kept owners of payments and leads as names only. */
async function ownersByName(users: UserModel): Promise<Map<string, string>> {
  const ids = new Map<string, string | null>()
  for await (const user of users.find({}, { name: 1 }).lean().cursor()) {
    const key = user.name.trim().toLowerCase()
    ids.set(key, ids.has(key) ? null : String(user._id))
  }
  return new Map([...ids].filter((entry): entry is [string, string] => entry[1] !== null))
}

/** The migration opens no payment: the payment services get a provider that refuses every call. */
function offlineMoney(logger: Logger): MoneyOptions {
  const razorpay = {
    keyId: undefined,
    keySecret: undefined,
    apiUrl: undefined,
    webhookSecret: undefined,
    callbackUrl: '',
  }
  return { provider: createPaymentProvider({ razorpay }), callbackUrl: '', logger, sellerState: '' }
}

function sameDatabase(a: Connection, b: Connection): boolean {
  return a.host === b.host && a.port === b.port && a.name === b.name
}

export async function migrateSeed1(options: MigrateOptions): Promise<MigrationReport> {
  const { source, target, logger } = options
  const dryRun = options.dryRun === true
  const report: MigrationReport = {
    dryRun,
    inPlace: sameDatabase(source, target),
    startedAt: new Date().toISOString(),
    collections: {},
    unknownRoles: [],
    invariants: [],
  }
  const resources = bindResources(
    target,
    // Adopting old records is not news: nobody is notified of them.
    { readCacheMs: 0, auditReadRetentionDays: 365, notify: false },
    offlineMoney(logger),
  )
  const users = userModel(target)
  if (!dryRun) {
    await Promise.all([syncResourceIndexes(resources), createModelIndexes(users)])
    await seedRoles(roleModel(target), logger)
  }
  const db = source.db
  if (!db) throw new Error('The source connection is not open')
  const unknownRoles = new Set<string>()
  report.collections.users = emptyCollectionReport()
  await migrateUsers(db.collection('users'), users, report.collections.users, unknownRoles, dryRun)
  report.unknownRoles = [...unknownRoles]
  const owners = await ownersByName(users)
  for (const [migration, service] of resourceMigrations(resources, owners)) {
    const collectionReport = (report.collections[migration.from] = emptyCollectionReport())
    const run = { dryRun, afterClaim: options.afterClaim }
    await migrateCollection(db.collection(migration.from), service, resources.audit, migration, collectionReport, run)
    logger.info('collection migrated', { collection: migration.from, ...collectionReport, skipped: undefined })
    if (!dryRun) {
      report.invariants.push(...(await countsMatch(migration.from, service, collectionReport)))
      report.invariants.push(await readableThroughService(migration.from, service))
    }
  }
  report.finishedAt = new Date().toISOString()
  return report
}
