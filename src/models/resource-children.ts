import type { Actor } from '../access/actor.js'
import { ValidationError } from '../errors.js'
import type { ResourceService, UntrustedInput } from './bind-resource.js'
import type { ResourceRecord } from './define-resource.js'
import type { ListQuery, ListResult } from './resource-reads.js'
import type { WriteOptions } from './resource-writes.js'

// Child resources (a declaration's `parents`): tasks are also served under the project they belong to. The parent
// decides who gets in: a child route answers exactly as GET on the parent would (404 for an unknown, trashed or
// unreadable parent) before the child is looked at. Reading a parent grants reading all its children under it.

/** One declared parent link between two bound resources: `child` is also served at `/<parent>/:id/<path>`. */
export interface ChildLink {
  readonly parent: ResourceService
  readonly child: ResourceService
  /** The child's field holding the parent's `_id`. */
  readonly field: string
  /** The URL segment under the parent (default the child's resource name). */
  readonly path: string
}

/**
 * Every parent link declared by these services. A declared parent that is not among them, or a field the child does
 * not have, is a declaration error and stops start-up.
 */
export function childLinks(services: readonly ResourceService[]): ChildLink[] {
  const byResource = new Map<string, ResourceService>(services.map((service) => [service.def.resource, service]))
  return services.flatMap((child) =>
    (child.def.parents ?? []).map((declared) => {
      const parent = byResource.get(declared.resource)
      if (!parent) throw new Error(`${child.def.resource}: parent ${declared.resource} is not a declared resource`)
      if (!(declared.field in child.def.fields)) {
        throw new Error(`${child.def.resource}: parent field ${declared.field} is not one of its fields`)
      }
      return { parent, child, field: declared.field, path: declared.path ?? child.def.resource }
    }),
  )
}

/** The links whose parent is this resource (its children, for the activity timeline). */
export function childrenOf(links: readonly ChildLink[], resource: string): ChildLink[] {
  return links.filter((link) => link.parent.def.resource === resource)
}

/**
 * The parent's id when the actor may read it (not recorded as a read: the parent is not shown). Throws exactly what
 * GET on the parent would: 404 when unknown, malformed, trashed or out of the actor's scope; 403 when the actor's
 * role may read no record of the parent resource at all.
 */
async function readableParent(link: ChildLink, actor: Actor, parentId: string): Promise<string> {
  const parent = await link.parent.get(actor, parentId, { record: false })
  return String(parent._id)
}

/** One page of the parent's children (the child list's query, filters and sort), masked as the child's grants say. */
export async function listUnder(
  link: ChildLink,
  actor: Actor,
  parentId: string,
  query: ListQuery,
): Promise<ListResult> {
  const id = await readableParent(link, actor, parentId)
  return link.child.list(actor, query, { under: { field: link.field, id } })
}

/**
 * Creates a child of the parent: the parent field comes from the URL. A body naming another parent is refused
 * (400 naming the field) rather than silently overridden, since the client meant something else.
 */
export async function createUnder(
  link: ChildLink,
  actor: Actor,
  parentId: string,
  body: UntrustedInput,
  options?: WriteOptions,
): Promise<ResourceRecord> {
  const id = await readableParent(link, actor, parentId)
  const named = body[link.field]
  if (named !== undefined && (typeof named !== 'string' || named.toLowerCase() !== id)) {
    throw new ValidationError('Invalid input', [
      { path: link.field, message: `must be the ${link.parent.def.name.toLowerCase()} of the URL (${id}) or left out` },
    ])
  }
  return link.child.create(actor, { ...body, [link.field]: id }, options)
}
