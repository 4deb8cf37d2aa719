import { RoleCache } from './access/role-cache.js'
import { LoginThrottle } from './auth/login-throttle.js'
import { PrincipalCache } from './auth/principals.js'
import type { Config } from './config.js'
import type { Database } from './db/connect.js'
import { createModelIndexes, type IndexSync } from './db/model-indexes.js'
import { createMailer, type Mailer } from './integrations/mailer.js'
import { createScheduler, type Scheduler } from './jobs/agenda.js'
import { JOB_DEFINITIONS } from './jobs/index.js'
import { jobRunModel } from './jobs/run-history.js'
import { createPaymentProvider, type PaymentProvider } from './integrations/razorpay.js'
import type { Logger } from './logger.js'
import { bindResources, syncResourceIndexes, type Resources } from './models/index.js'
import { loginFailureModel, type LoginFailureModel } from './models/login-failure.js'
import { roleModel, type RoleModel } from './models/role.js'
import { userModel, type UserModel } from './models/user.js'
import { notificationModel } from './notifications/notification.js'
import { reminderSentModel } from './notifications/reminder-sent.js'
import { outboxModel } from './outbox/outbox-entry.js'
import { inboxModel } from './payments/webhook-inbox.js'
import { localFileStorage, type FileStorage } from './storage/file-storage.js'

/** Everything a route needs, built once per app from its config and database (tests build several per process). */
export interface AppContext {
  readonly config: Config
  readonly logger: Logger
  readonly db: Database
  readonly models: { readonly users: UserModel; readonly roles: RoleModel; readonly loginFailures: LoginFailureModel }
  readonly roleCache: RoleCache
  readonly principals: PrincipalCache
  readonly throttle: LoginThrottle
  readonly mailer: Mailer
  /** The declared resources (bookings, services...) bound to this database: the one service every door calls. */
  readonly resources: Resources
  /** Uploaded files (documents, attachments), behind the storage interface. */
  readonly storage: FileStorage
  /** Background jobs on this database (Agenda); started by main.ts/worker.ts, read by Agendash and /readyz. */
  readonly jobs: Scheduler
  /** Razorpay (or its test double, through RAZORPAY_API_URL). */
  readonly paymentProvider: PaymentProvider
}

export function createAppContext(config: Config, logger: Logger, db: Database, mailer?: Mailer): AppContext {
  const models = {
    users: userModel(db.connection),
    roles: roleModel(db.connection),
    loginFailures: loginFailureModel(db.connection),
  }
  const roleCache = new RoleCache(models.roles)
  const paymentProvider = createPaymentProvider(config)
  const context: AppContext = {
    config,
    logger,
    db,
    models,
    roleCache,
    principals: new PrincipalCache(models.users, roleCache),
    throttle: new LoginThrottle(models.loginFailures, config.loginThrottle),
    mailer: mailer ?? createMailer(config, logger),
    resources: bindResources(db.connection, config, {
      provider: paymentProvider,
      callbackUrl: config.razorpay.callbackUrl,
      logger,
      sellerState: config.seller.state,
    }),
    paymentProvider,
    storage: localFileStorage(config.uploads),
    jobs: createScheduler(() => context, JOB_DEFINITIONS),
  }
  return context
}

/**
 * Builds the indexes the models declare (unique emails, role names, TTLs) before the app takes traffic: among them
 * the inbox's unique event key, which must exist before the first delivery, and the unique keys that make a
 * notification and a reminder go out once. All at once, one command per collection (db/model-indexes.ts): on an
 * existing database each is a no-op round trip, and waiting for one group before sending the next was 0.3 s of a
 * restart. With `sync.background` (start-app.ts), new non-unique indexes are built while the app serves.
 */
export async function syncIndexes(context: AppContext, sync: IndexSync = {}): Promise<void> {
  const { connection } = context.db
  await Promise.all([
    ...Object.values(context.models).map((model) => createModelIndexes(model, sync)),
    createModelIndexes(jobRunModel(connection), sync),
    syncResourceIndexes(context.resources, sync),
    createModelIndexes(inboxModel(connection), sync),
    createModelIndexes(outboxModel(connection), sync),
    createModelIndexes(notificationModel(connection), sync),
    createModelIndexes(reminderSentModel(connection), sync),
  ])
}
