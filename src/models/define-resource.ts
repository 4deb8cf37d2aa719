import { Schema, type IndexOptions, type SchemaDefinition } from 'mongoose'
import type { z } from 'zod'
import type { Resource } from '../access/matrix.js'
import type { FieldProblem } from '../errors.js'
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
  /** Any signed-in user may read, whatever their grants (a catalogue such as services). */
  readableByAnyUser?: boolean
  /** A declared state machine (workflow.ts): its state field is set on create and changed only by transitions. */
  workflow?: WorkflowOptions
  /**
   * Stored fields only server code sets (raw submissions, links, merge bookkeeping): never in the create/update
   * input; written through `WriteOptions.internal` on create and `writeInternal` afterwards, audited like the rest.
   */
  internalFields?: readonly string[]
  /**
   * Filters every list applies unless the query filters that field itself (`{ mergedInto: null }`: merged leads are
   * hidden from normal lists, yet reachable by id and by `?mergedInto=<id>`).
   */
  listDefaults?: Readonly<Record<string, unknown>>
  /** Hints for the admin panel (next issue). */
  admin?: { navigation?: string; listProperties?: readonly string[] }
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
