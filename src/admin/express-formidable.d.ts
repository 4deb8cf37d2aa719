// express-formidable ships no types; this is the one function the panel uses (the same one @adminjs/express uses).
declare module 'express-formidable' {
  import type { RequestHandler } from 'express'
  export default function formidable(options?: Record<string, unknown>): RequestHandler
}
