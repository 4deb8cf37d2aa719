import express from 'express'
import session from 'express-session'
import type { MongoStore } from 'connect-mongo'
import type { SessionData } from 'express-session'

declare module 'express-session' {
  interface SessionData {
    user?: { id: number; name: string }
    views?: number
  }
}

/** What GET /me answers: the session's data as the app sees it. */
export interface MeBody {
  sid: string
  user: { id: number; name: string } | null
  views: number
}

/** A tiny Express app whose sessions live in `store`: POST /login, POST /view, GET /me, POST /logout. */
export function buildSessionApp(store: MongoStore, maxAgeMs = 60 * 60 * 1000): express.Express {
  const app = express()
  app.use(
    session({
      secret: 'a-test-secret-that-is-long-enough-for-hmac',
      resave: false,
      saveUninitialized: false,
      store,
      cookie: { maxAge: maxAgeMs, httpOnly: true },
    }),
  )
  app.post('/login', (req, res) => {
    req.session.user = { id: 42, name: 'Ann' }
    req.session.views = 1
    res.json({ ok: true })
  })
  app.post('/view', (req, res) => {
    req.session.views = (req.session.views ?? 0) + 1
    res.json({ views: req.session.views })
  })
  app.get('/me', (req, res) => {
    const body: MeBody = { sid: req.sessionID, user: req.session.user ?? null, views: req.session.views ?? 0 }
    res.json(body)
  })
  app.post('/logout', (req, res, next) => {
    req.session.destroy((err: unknown) => {
      if (err) {
        next(err)
        return
      }
      res.json({ ok: true })
    })
  })
  return app
}

function settle<T>(resolve: (value: T) => void, reject: (reason: Error) => void) {
  return (err: unknown, value?: T): void => {
    if (err) reject(err instanceof Error ? err : new Error('session store callback failed', { cause: err }))
    else resolve(value as T)
  }
}

/** Promise forms of the MongoStore callback API. */
export const storeApi = {
  length: (store: MongoStore): Promise<number> =>
    new Promise((resolve, reject) => {
      store.length(settle(resolve, reject))
    }),
  all: (store: MongoStore): Promise<unknown> =>
    new Promise((resolve, reject) => {
      store.all(settle(resolve, reject))
    }),
  get: (store: MongoStore, sid: string): Promise<SessionData | null | undefined> =>
    new Promise((resolve, reject) => {
      store.get(sid, settle(resolve, reject))
    }),
  touch: (store: MongoStore, sid: string, data: SessionData): Promise<void> =>
    new Promise((resolve, reject) => {
      store.touch(sid, data, settle(resolve, reject))
    }),
  destroy: (store: MongoStore, sid: string): Promise<void> =>
    new Promise((resolve, reject) => {
      store.destroy(sid, settle(resolve, reject))
    }),
}
