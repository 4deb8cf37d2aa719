import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { ParamsDictionary } from 'express-serve-static-core'

// Express 4 does not forward rejected promises to the error handler (Express 5 does; AdminJS 7 keeps us on 4).
// These two wrappers are the only place that bridges the gap, so routes stay plain async functions.

/** A route handler: responds itself; a rejection goes to the error handler. */
export function route<P = ParamsDictionary>(
  handler: (req: Request<P>, res: Response) => Promise<void>,
): RequestHandler<P> {
  return (req, res, next) => {
    handler(req, res).catch(next)
  }
}

/** A middleware: resolves to continue; a rejection goes to the error handler. */
export function middleware(handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).then(() => {
      next()
    }, next)
  }
}
