import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import type { AppContext } from '../app-context.js'
import { hashPassword } from './passwords.js'

/**
 * With an empty users collection, creates the first srdev from SEED_ADMIN_EMAIL/SEED_ADMIN_PASSWORD. In development
 * without them, it generates a password and writes it to DATA_DIR/initial-admin.txt (mode 0600); the log says where,
 * never what. In production and test without them, nobody is created.
 */
export async function ensureFirstUser(context: AppContext): Promise<void> {
  const { models, config, logger } = context
  if (await models.users.exists({})) return
  const seeded = config.seedAdmin
  if (seeded.email && seeded.password) {
    await createSrdev(context, seeded.email, seeded.password)
    logger.info('first user created from SEED_ADMIN_EMAIL', { email: seeded.email })
    return
  }
  if (config.env !== 'development') {
    logger.warn('no users and no SEED_ADMIN_EMAIL/SEED_ADMIN_PASSWORD: nobody can sign in yet')
    return
  }
  const email = 'admin@crm.local'
  const password = randomBytes(18).toString('base64url')
  await createSrdev(context, email, password)
  const file = path.join(config.dataDir, 'initial-admin.txt')
  await mkdir(config.dataDir, { recursive: true })
  await writeFile(file, `email: ${email}\npassword: ${password}\n`, { mode: 0o600 })
  await chmod(file, 0o600)
  logger.warn('first user created with a generated password; read it, sign in and change it', { email, file })
}

async function createSrdev(context: AppContext, email: string, password: string): Promise<void> {
  const hash = await hashPassword(password, context.config.bcryptCost)
  try {
    await context.models.users.create({ name: 'Administrator', email, password: hash, user_role: 'srdev' })
  } catch (error) {
    // A second instance starting at the same moment created it first.
    if ((error as { code?: unknown }).code !== 11000) throw error
  }
}
