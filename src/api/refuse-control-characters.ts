import type { RequestHandler } from 'express'
import { ValidationError, type FieldProblem } from '../errors.js'
import { hasControlCharacters } from '../models/fields/text.js'

// The backstop for every door, the admin panel included: no URL of ours carries a control character, and a NUL that
// reached a search regex or a BSON key used to be a 500. Schemas refuse them too (src/models/fields/text.ts); this
// catches the query keys and path segments no schema reads.

function controlPaths(value: unknown, at: string[], found: FieldProblem[], depth = 0): void {
  if (typeof value === 'string') {
    if (hasControlCharacters(value)) found.push({ path: at.join('.'), message: 'must not contain control characters' })
    return
  }
  if (value === null || typeof value !== 'object' || depth > 20) return
  for (const [key, inner] of Object.entries(value)) {
    const here = [...at, key]
    if (hasControlCharacters(key)) found.push({ path: here.join('.'), message: 'must not contain control characters' })
    else controlPaths(inner, here, found, depth + 1)
  }
}

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

/** 400 VALIDATION_FAILED naming the query parameter (or `path`) that holds a control character. */
export function refuseControlCharacters(): RequestHandler {
  return (req, _res, next) => {
    const found: FieldProblem[] = []
    if (hasControlCharacters(decodedPath(req.path)))
      found.push({ path: 'path', message: 'must not contain control characters' })
    controlPaths(req.query, [], found)
    if (found.length > 0) {
      next(new ValidationError('Control characters are not allowed in the address', found))
      return
    }
    next()
  }
}
