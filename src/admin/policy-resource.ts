import { Resource as MongooseResource } from '@adminjs/mongoose'
import { BaseRecord, BaseResource, ForbiddenError, type ActionContext, type BaseProperty, type Filter } from 'adminjs'
import type { Actor } from '../access/actor.js'
import { currentActor } from '../request-context.js'
import { adminCall } from './admin-errors.js'
import type { AdminListQuery, AdminRecord, AdminStore } from './admin-store.js'

/** How a list's AdminJS filter and sort become the store's query (declared fields only). */
export interface QueryBuilder {
  filter(filters: Record<string, unknown>): Record<string, unknown>
  sort(sortBy: unknown, direction: unknown): Record<string, 1 | -1> | undefined
  /** Search text in the filters (the title filter a reference picker's type-ahead sends), if any. */
  q?(filters: Record<string, unknown>): string | undefined
}

/** The signed-in admin of this request, as the session middleware resolved it; nobody else reaches the stores. */
function actor(): Actor {
  const found = currentActor()
  if (!found) throw new ForbiddenError('Sign in again')
  return found
}

/** AdminJS params are JSON: ids and dates as strings. */
function plain(record: AdminRecord): AdminRecord {
  return JSON.parse(JSON.stringify(record)) as AdminRecord
}

function filterValues(filter: Filter | null | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const entry of Object.values(filter?.filters ?? {})) values[entry.path] = entry.value
  return values
}

/**
 * @adminjs/mongoose 4.1 reads an array's item type from `path.caster`, which mongoose 9 renamed
 * `embeddedSchemaType`; without it, any array field (a booking's services) breaks every list and form. It also
 * reads a single nested sub-document's fields from `path.caster.schema`, where mongoose 9 has `path.schema` (an
 * employee's stored photo).
 */
function withArrayCaster(property: BaseProperty): BaseProperty {
  const holder = property as BaseProperty & { mongoosePath?: unknown }
  const path = holder.mongoosePath as { caster?: unknown; embeddedSchemaType?: unknown; schema?: unknown } | undefined
  if (path && path.caster === undefined && path.embeddedSchemaType !== undefined) {
    holder.mongoosePath = Object.create(path, { caster: { value: path.embeddedSchemaType } }) as unknown
  } else if (path && path.caster === undefined && path.schema !== undefined) {
    holder.mongoosePath = Object.create(path, { caster: { value: { schema: path.schema } } }) as unknown
  }
  return property
}

/**
 * The one AdminJS resource class of the panel. It keeps the mongoose adapter's property introspection (types,
 * enums, arrays) but sends every read and write to an AdminStore, i.e. to the model layer with the request's
 * actor: lists, counts, search, show, forms and deletes are the same code with the same policy, so a direct call
 * to the admin API can do no more than the UI offers.
 */
export class PolicyResource extends BaseResource {
  /** Only for its reading of the mongoose schema into AdminJS properties; it never touches the database. */
  private readonly schemaReader: MongooseResource
  private cachedProperties: BaseProperty[] | undefined

  constructor(
    model: object,
    readonly store: AdminStore,
    private readonly resourceId: string,
    private readonly query: QueryBuilder,
  ) {
    super(model)
    this.schemaReader = new MongooseResource(model)
  }

  override id(): string {
    return this.resourceId
  }

  override databaseName(): string {
    return this.schemaReader.databaseName()
  }

  override databaseType(): string {
    return 'mongodb'
  }

  override properties(): BaseProperty[] {
    this.cachedProperties ??= this.schemaReader.properties().map(withArrayCaster)
    return this.cachedProperties
  }

  override property(path: string): BaseProperty | null {
    return this.properties().find((property) => property.path() === path) ?? null
  }

  private listQuery(filter: Filter | null | undefined, page: number, limit: number): AdminListQuery {
    const values = filterValues(filter)
    const q = this.query.q?.(values)
    return { page, limit, filter: this.query.filter(values), ...(q === undefined ? {} : { q }) }
  }

  override async count(filter: Filter | null = null, _context?: ActionContext): Promise<number> {
    const { total } = await adminCall(() => this.store.list(actor(), this.listQuery(filter, 1, 1)))
    return total
  }

  override async find(
    filter: Filter,
    options: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } },
    _context?: ActionContext,
  ): Promise<BaseRecord[]> {
    const limit = Math.max(1, options.limit ?? 10)
    const query = this.listQuery(filter, Math.floor((options.offset ?? 0) / limit) + 1, limit)
    const sort = this.query.sort(options.sort?.sortBy, options.sort?.direction)
    const { items } = await adminCall(() => this.store.list(actor(), sort ? { ...query, sort } : query))
    return items.map((item) => new BaseRecord(plain(item), this))
  }

  override async findOne(id: string, _context?: ActionContext): Promise<BaseRecord | null> {
    try {
      return new BaseRecord(plain(await adminCall(() => this.store.get(actor(), id))), this)
    } catch (error) {
      if (error instanceof ForbiddenError) throw error
      return null
    }
  }

  override async findMany(ids: Array<string | number>, context?: ActionContext): Promise<BaseRecord[]> {
    if (this.store.many) {
      const wanted = ids.map(String)
      const items = await adminCall(() => this.store.many?.(actor(), wanted) ?? Promise.resolve([]))
      return items.map((item) => new BaseRecord(plain(item), this))
    }
    const found = await Promise.all(ids.map((id) => this.findOne(String(id), context)))
    return found.filter((record): record is BaseRecord => record !== null)
  }

  override async create(params: Record<string, unknown>, _context?: ActionContext): Promise<AdminRecord> {
    return plain(await adminCall(() => this.store.create(actor(), params)))
  }

  override async update(id: string, params: Record<string, unknown>, _context?: ActionContext): Promise<AdminRecord> {
    return plain(await adminCall(() => this.store.update(actor(), id, params)))
  }

  override async delete(id: string, _context?: ActionContext): Promise<void> {
    await adminCall(() => this.store.remove(actor(), id))
  }
}
