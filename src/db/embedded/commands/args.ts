import { MongoCommandError, badValue } from '../errors.js'
import { isPlainObject, toNumber, type Doc } from '../engine/bson-values.js'

/** The collection name a command names in its first field (`{find: 'users', ...}`). */
export function collectionName(body: Doc, command: string): string {
  const name = body[command]
  if (typeof name !== 'string' || name.length === 0) throw badValue(`collection name has invalid type ${typeof name}`)
  return name
}

export function optionalDoc(body: Doc, key: string): Doc {
  const v = body[key]
  if (v === undefined || v === null) return {}
  if (!isPlainObject(v)) throw badValue(`'${key}' must be an object`)
  return v
}

export function optionalNumber(body: Doc, key: string): number | undefined {
  const v = body[key]
  if (v === undefined || v === null) return undefined
  const n = toNumber(v)
  if (Number.isNaN(n)) throw badValue(`'${key}' must be a number`)
  return n
}

export function docArray(body: Doc, key: string): Doc[] {
  const v = body[key]
  if (!Array.isArray(v) || !v.every(isPlainObject)) throw badValue(`'${key}' must be an array of objects`)
  return v
}

/** Transactions need a replica set; a standalone mongod refuses them with code 20, and so do we. */
export function refuseTransactions(body: Doc): void {
  if (body.txnNumber !== undefined || body.startTransaction !== undefined || body.autocommit !== undefined) {
    throw new MongoCommandError(
      'IllegalOperation',
      'Transaction numbers are only allowed on a replica set member or mongos',
    )
  }
}
