import type { RequestHandler } from 'express'
import { ValidationError, type FieldProblem } from '../errors.js'

/** Where a `$`-prefixed (or dotted `$`) key hides in a body or query; such keys are MongoDB operators, never data. */
function operatorPaths(value: unknown, at: string[], found: FieldProblem[], depth = 0): void {
  if (value === null || typeof value !== 'object' || depth > 20) return
  for (const [key, inner] of Object.entries(value)) {
    const here = [...at, key]
    if (key.startsWith('$')) found.push({ path: here.join('.'), message: 'keys starting with $ are not allowed' })
    operatorPaths(inner, here, found, depth + 1)
  }
}

/** The `$` keys hiding in a parsed body or query; empty when there are none. */
export function operatorsIn(value: unknown): FieldProblem[] {
  const found: FieldProblem[] = []
  operatorPaths(value, [], found)
  return found
}

/** Refuses any request whose body or query contains a `$` key, before any route sees it. */
export function refuseOperators(): RequestHandler {
  return (req, _res, next) => {
    const found: FieldProblem[] = []
    operatorPaths(req.body, [], found)
    operatorPaths(req.query, [], found)
    if (found.length > 0) {
      next(new ValidationError('Query operators are not allowed in input', found))
      return
    }
    next()
  }
}
