import { MongoStore } from 'connect-mongo'
import session, { type SessionOptions } from 'express-session'
import type { MongoClient } from 'mongodb'
import type { RequestHandler } from 'express'
import type { AppContext } from '../app-context.js'

/** How long an idle panel session lasts, in milliseconds (8 hours: a working day). */
const SESSION_TTL_MS = 8 * 60 * 60 * 1000

export const ADMIN_COOKIE = 'crm.admin.sid'

export interface AdminSession {
  /** The express-session options, shared with @adminjs/express (whose own session middleware then stands aside). */
  readonly options: SessionOptions
  /** Opens the store on the first panel request and runs the session middleware. */
  readonly middleware: RequestHandler
}

/**
 * Sessions live in MongoDB on the app's own connection. The store only touches the database once the panel is
 * first used, so apps that never serve /admin (most test apps) create no session collection or index.
 */
export function adminSession(context: AppContext): AdminSession {
  const { connection } = context.db
  let open: (() => void) | undefined
  const clientPromise = new Promise<MongoClient>((resolve) => {
    open = () => {
      resolve(connection.getClient())
    }
  })
  const store = MongoStore.create({
    clientPromise,
    dbName: connection.name,
    collectionName: 'admin_sessions',
    ttl: SESSION_TTL_MS / 1000,
    touchAfter: 60,
  })
  const options: SessionOptions = {
    name: ADMIN_COOKIE,
    secret: context.config.sessionSecret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      path: '/admin',
      maxAge: SESSION_TTL_MS,
      // Behind a TLS-terminating proxy this needs TRUST_PROXY=true (app.set('trust proxy')) to see https; over plain
      // HTTP the browser never gets the cookie, which insecure-login.ts explains on the login page.
      secure: context.config.admin.secureCookie,
    },
  }
  const handler = session(options)
  return {
    options,
    middleware: (req, res, next) => {
      open?.()
      open = undefined
      handler(req, res, next)
    },
  }
}
