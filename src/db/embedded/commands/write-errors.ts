import { asCommandError } from '../errors.js'
import type { Doc } from '../engine/bson-values.js'

/** Collects per-statement errors of a batch write, in the `writeErrors` shape the drivers expect. */
export class WriteErrors {
  readonly list: Doc[] = []

  /** Records the failure of statement `index`; returns true when the batch must stop (ordered writes). */
  add(index: number, err: unknown, ordered: boolean): boolean {
    const e = asCommandError(err)
    this.list.push({ index, code: e.code, codeName: e.codeName, errmsg: e.message, ...e.extra })
    return ordered
  }

  into(reply: Doc): Doc {
    if (this.list.length > 0) reply.writeErrors = this.list
    return reply
  }
}
