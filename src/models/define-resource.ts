import { Schema, type Connection, type IndexOptions, type SchemaDefinition } from 'mongoose'
import type { z } from 'zod'
import type { Resource } from '../access/matrix.js'
import { declareAccess } from '../access/owner-fields.js'
import type { ResourceAccess } from '../access/vocabulary.js'
import type { FieldProblem } from '../errors.js'
import { importIssuesPlugin } from './plugins/import-issues.js'
import { listInvalidationPlugin } from './plugins/list-invalidation.js'
import { revisionPlugin } from './plugins/revision.js'
import { searchIndexPlugin } from './search-index.js'
import { trashPlugin } from './plugins/trash.js'
import type { WorkflowOptions } from './workflow.js'

/** A stored document as the engine handles it: lean, untyped values checked by the schemas at the edges. */
export type ResourceRecord = Record<string, unknown>

/** How a declared filter field's query-string value is read. */
export type FilterKind = 'string' | 'number' | 'date' | 'boolean' | 'id'

export interface TrashOptions {
  /** Days a trashed document stays before the purge job may destroy it. */
  retentionDays: number
  /** True while the document must not be destroyed (e.g. a booking with money received). */
  legalHold?: (record: ResourceRecord) => boolean
}

export interface ReferenceOptions {
  /** The referenced resource (`departments`). */
  readonly resource: string
  /** The referenced record's key this field stores: `_id` (an ObjectId, the default) or a unique field (`name`). */
  readonly key?: string
  /** The field holds a list of references (a meeting's attendees). */
  readonly many?: boolean
  /**
   * Destroying the referenced record permanently: refused with 409 naming the referrers while this record names it
   * (`refuse`, the default), or destroys this record with it (`cascade`: a project's tasks).
   */
  readonly onDestroy?: 'refuse' | 'cascade'
}

/** This resource is also served under a parent: `/api/v1/<parent>/:id/<path>` (list and create). */
export interface ParentOptions {
  /** The parent resource (`projects`). */
  readonly resource: string
  /** This resource's field holding the parent's `_id`; also declared in `references`. */
  readonly field: string
  /** The URL segment under the parent; default this resource's name. */
  readonly path?: string
}

/**
 * Something worth telling people about (a leave approved, a task assigned): after the write that causes it commits,
 * each recipient gets a notification in their inbox (and an email when they opted in). The actor is not told
 * about their own act.
 */
export interface DomainEvent {
  /** `leave.approved`: the notification's kind. */
  readonly name: string
  /** After a create, after an update (not a transition), or after the named workflow transition. */
  readonly on: 'created' | 'updated' | { readonly transition: string }
  /** Fires only when this holds for the record after the write (and before it, null on create). */
  readonly when?: (after: ResourceRecord, before: ResourceRecord | null) => boolean
  /** The user ids to tell. May look records up (a leave's employee's login). */
  readonly recipients: (after: ResourceRecord, connection: Connection) => Promise<readonly string[]> | readonly string[]
  /** The notification's one line. */
  readonly message: (after: ResourceRecord) => string
}

/**
 * A reminder the notification job sends once per record when a date field's day comes near (a task due tomorrow, a
 * contract up for renewal in 30 days), to the recipients' inboxes like a domain event.
 */
export interface ReminderOptions {
  /** `task.due`: the notification's kind. */
  readonly name: string
  /** The date field the reminder counts down to. */
  readonly field: string
  /** Sent when the date is at most this many days away (0: on the day). */
  readonly daysBefore: number
  /** Sent only while this holds (a task not yet done). */
  readonly when?: (record: ResourceRecord) => boolean
  readonly recipients: (
    record: ResourceRecord,
    connection: Connection,
  ) => Promise<readonly string[]> | readonly string[]
  readonly message: (record: ResourceRecord) => string
}

export interface ResourceOptions<Input extends z.ZodObject, Name extends string = string> {
  /** Model name, singular (`Booking`). */
  name: string
  /** Policy name, collection and URL segment (`bookings`). */
  resource: Name
  /** Owner field and default grants per role (seeded into the roles collection by src/access/matrix.ts). */
  access: ResourceAccess
  /** Further URL segments serving the same resource (seed 2's `sales-creditnote`). */
  aliases?: readonly string[]
  /** Fields that name a record to people (pickers, `expand=`, activity lines); default the first search field. */
  label?: readonly string[]
  /** Mongoose fields of the business data (revision, trash and timestamps are added). */
  fields: SchemaDefinition
  indexes?: ReadonlyArray<{ fields: Record<string, 1 | -1>; options?: IndexOptions }>
  /** Create input. No `.default()`s here: defaults live in `fields`, so the update input (all optional) sets none. */
  input: Input
  /** Fields computed on every write from the merged record; not in the input. */
  derived?: { fields: readonly string[]; compute: (record: ResourceRecord) => ResourceRecord }
  /** Cross-field rules checked on the merged record of every write. */
  check?: (record: ResourceRecord) => FieldProblem[]
  /**
   * Rules that look at other records (a leave overlapping another of the same employee), checked on the merged record
   * of every create and update after `check`: 409 naming the fields. The record carries its `_id` to exclude itself.
   * Not atomic against a concurrent write; use a unique index where the rule can be one.
   */
  verify?: (record: ResourceRecord, connection: Connection) => Promise<FieldProblem[]>
  /** Fields set at creation that no update may change (a payment's amount once sent to the provider). */
  immutable?: readonly string[]
  /** Why the record may no longer be updated at all (an issued tax invoice), or null while it may. */
  frozen?: (record: ResourceRecord) => string | null
  /** Every write leaves one audit entry. */
  audit: boolean
  trash: TrashOptions
  /** Fields `q=` searches (case-insensitive, regex-escaped). */
  search: readonly string[]
  /**
   * Keep a trigram index of the search fields (search-index.ts), so `q=` and literal substring filters on them read
   * candidates from an index instead of scanning; results stay those of the regexes. Default false.
   */
  searchIndex?: boolean
  /** Fields a list may filter on, with how their query values are read. */
  filters: Readonly<Record<string, FilterKind>>
  /** Fields a list may sort on. */
  sortable: readonly string[]
  /** `-createdAt` style. */
  defaultSort: string
  /** CSV columns, in order. */
  exportColumns: readonly string[]
  /** Fields that never enter the audit log. */
  secrets?: readonly string[]
  /**
   * A field holding the owner user's name (a booking's `bdm`): copied from that user on every write, never taken
   * from the client, except from a caller with the `all` scope who sets owner and name together.
   */
  ownerName?: string
  /**
   * A field the engine sets to the creating user's id (a message's sender, a meeting's organiser): declared in
   * `internalFields`, never taken from a body, so nobody can write in another's name; null when a job creates.
   */
  actorField?: string
  /** Any signed-in user may read, whatever their grants (a catalogue such as services). */
  readableByAnyUser?: boolean
  /** A declared state machine (workflow.ts): its state field is set on create and changed only by transitions. */
  workflow?: WorkflowOptions
  /**
   * Stored fields only server code sets (stored files, issued numbers' companions, raw submissions, links, merge
   * bookkeeping): never in the create/update input; written through `WriteOptions.internal` (create and update) and
   * `writeInternal`, audited like the rest.
   */
  internalFields?: readonly string[]
  /**
   * Filters every list applies unless the query filters that field itself (`{ mergedInto: null }`: merged leads are
   * hidden from normal lists, yet reachable by id and by `?mergedInto=<id>`).
   */
  listDefaults?: Readonly<Record<string, unknown>>
  /**
   * Fields issued once when a record is created (numbers from atomic counters), after the input is validated, so a
   * refused create consumes no number. Never in the input, never changed afterwards.
   */
  assignOnCreate?: (record: ResourceRecord, connection: Connection) => Promise<ResourceRecord>
  /**
   * Fields naming a record of another resource by one of its keys: checked on every write (400 naming the field),
   * embeddable with `expand=`, shown as pickers in the admin panel, guarding the referenced record's destruction.
   */
  references?: Readonly<Record<string, ReferenceOptions>>
  /** Parents this resource is also served under (tasks under projects and leads). */
  parents?: readonly ParentOptions[]
  /** Notifications this resource's writes cause. */
  events?: readonly DomainEvent[]
  /** Notifications the reminder job sends as a date field's day comes near. */
  reminders?: readonly ReminderOptions[]
  /** Hints for the admin panel (next issue). */
  admin?: {
    navigation?: string
    listProperties?: readonly string[]
    /** Stored-file fields shown as previews on the record page (images inline, PDFs linked). */
    documents?: readonly string[]
  }
}

export interface ResourceDefinition<
  Input extends z.ZodObject = z.ZodObject,
  Name extends string = Resource,
> extends ResourceOptions<Input, Name> {
  readonly schema: Schema<ResourceRecord>
  /** The update input: every create field optional, nothing defaulted. */
  readonly updateInput: z.ZodObject
  /** Declared paths the audit log records: fields, derived fields, trash fields; never secrets. */
  readonly auditPaths: readonly string[]
}

function buildSchema(options: ResourceOptions<z.ZodObject>): Schema<ResourceRecord> {
  const schema = new Schema<ResourceRecord>(options.fields, {
    collection: options.resource,
    timestamps: true,
    strict: 'throw',
    minimize: false,
  })
  schema.plugin(revisionPlugin)
  schema.plugin(trashPlugin)
  schema.plugin(importIssuesPlugin)
  schema.plugin(listInvalidationPlugin, { resource: options.resource })
  for (const index of options.indexes ?? []) schema.index(index.fields, index.options)
  // audit.reconcile reads every audited collection's documents changed in its window (audit-gaps.ts) every 5 minutes:
  // without this index, a full scan of each (12 to 14 s of the database's CPU at 1M bookings, each time).
  if (options.audit && !declaresIndex(options, UPDATED_AT_INDEX)) schema.index(UPDATED_AT_INDEX)
  if (options.searchIndex === true) schema.plugin(searchIndexPlugin)
  return schema
}

const UPDATED_AT_INDEX = { updatedAt: 1 } as const

function declaresIndex(options: ResourceOptions<z.ZodObject>, fields: Readonly<Record<string, 1 | -1>>): boolean {
  const wanted = JSON.stringify(fields)
  return (options.indexes ?? []).some((index) => JSON.stringify(index.fields) === wanted)
}

/** Declaration mistakes that would otherwise surface as wrong owners at run time. */
function checkReferenceOptions(options: ResourceOptions<z.ZodObject>): void {
  const from = options.access.ownerFrom
  if (from === undefined) return
  const reference = options.references?.[from]
  if (!reference || reference.many === true) {
    throw new Error(`${options.name}: access.ownerFrom names ${from}, which is not a single declared reference`)
  }
}

/** The one declaration of a resource: everything else (REST, legacy, admin, jobs) derives from it. */
export function defineResource<Input extends z.ZodObject, const Name extends string>(
  options: ResourceOptions<Input, Name>,
): ResourceDefinition<Input, Name> {
  checkReferenceOptions(options)
  declareAccess(options.resource, options.access)
  const secrets = new Set(options.secrets ?? [])
  const auditPaths = [...Object.keys(options.fields), 'deletedAt', 'deletedBy', 'deleteReason'].filter(
    (path) => !secrets.has(path),
  )
  return Object.freeze({
    ...options,
    schema: buildSchema(options),
    updateInput: options.input.partial().strict(),
    auditPaths,
  })
}
