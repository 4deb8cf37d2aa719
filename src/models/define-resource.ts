import { Schema, type Connection, type IndexOptions, type SchemaDefinition } from 'mongoose'
import type { z } from 'zod'
import type { Resource } from '../access/matrix.js'
import type { FieldProblem } from '../errors.js'
import { importIssuesPlugin } from './plugins/import-issues.js'
import { listInvalidationPlugin } from './plugins/list-invalidation.js'
import { revisionPlugin } from './plugins/revision.js'
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
  /** The referenced model's name (`Department`). */
  readonly model: string
  /** The key stored in this resource's field (`name`, `_id`). */
  readonly key: string
}

export interface ResourceOptions<Input extends z.ZodObject> {
  /** Model name, singular (`Booking`). */
  name: string
  /** Policy name, collection and URL segment (`bookings`). */
  resource: Resource
  /** Mongoose fields of the business data (revision, trash and timestamps are added). */
  fields: SchemaDefinition
  indexes?: ReadonlyArray<{ fields: Record<string, 1 | -1>; options?: IndexOptions }>
  /** Create input. No `.default()`s here: defaults live in `fields`, so the update input (all optional) sets none. */
  input: Input
  /** Fields computed on every write from the merged record; not in the input. */
  derived?: { fields: readonly string[]; compute: (record: ResourceRecord) => ResourceRecord }
  /** Cross-field rules checked on the merged record of every write. */
  check?: (record: ResourceRecord) => FieldProblem[]
  /** Fields set at creation that no update may change (a payment's amount once sent to the provider). */
  immutable?: readonly string[]
  /** Why the record may no longer be updated at all (an issued tax invoice), or null while it may. */
  frozen?: (record: ResourceRecord) => string | null
  /** Every write leaves one audit entry. */
  audit: boolean
  trash: TrashOptions
  /** Fields `q=` searches (case-insensitive, regex-escaped). */
  search: readonly string[]
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
  /** Fields naming a record of another resource by one of its keys; checked on every write (400 naming the field). */
  references?: Readonly<Record<string, ReferenceOptions>>
  /** Hints for the admin panel (next issue). */
  admin?: {
    navigation?: string
    listProperties?: readonly string[]
    /** Stored-file fields shown as previews on the record page (images inline, PDFs linked). */
    documents?: readonly string[]
  }
}

export interface ResourceDefinition<Input extends z.ZodObject = z.ZodObject> extends ResourceOptions<Input> {
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
  return schema
}

/** The one declaration of a resource: everything else (REST, legacy, admin, jobs) derives from it. */
export function defineResource<Input extends z.ZodObject>(options: ResourceOptions<Input>): ResourceDefinition<Input> {
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
