import type { Response } from 'express'
import type { ResourceDefinition, ResourceRecord } from '../../models/define-resource.js'
import { etagOf, revisionOf } from '../../models/plugins/revision.js'
import { sendData } from '../envelope.js'

// Seed 2's wire habits on the /api/v1 resource routes, served alongside ours: its clients key records on `id` (its
// primary key was a string `id`) and show the envelope's `message`. Both are additions: `_id`, `data` and `meta`
// stay as they were, so our own clients see nothing removed.

/** The record with `id` (its `_id` as a string) right after `_id`; a record that has a field `id` keeps it. */
export function withId(record: ResourceRecord): ResourceRecord {
  if (!('_id' in record) || 'id' in record) return record
  const { _id } = record
  return { _id, id: String(_id), ...record }
}

/** `PaymentLink` -> `Payment link`: the resource's name in a sentence. */
export function singularLabel(def: ResourceDefinition): string {
  const words = def.name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** `payment-links` -> `Payment links`. */
export function pluralLabel(def: ResourceDefinition): string {
  const words = def.resource.replace(/-/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** `Booking updated`: the envelope's `message` for what happened to one record. */
export function recordMessage(def: ResourceDefinition, what: string): string {
  return `${singularLabel(def)} ${what}`
}

/** One record in the envelope, with its ETag, `id` and a short sentence. */
export function sendRecord(
  res: Response,
  def: ResourceDefinition,
  record: ResourceRecord,
  what: string,
  status = 200,
): void {
  res.set('ETag', etagOf(revisionOf(record)))
  sendData(res, withId(record), { status, message: recordMessage(def, what) })
}
