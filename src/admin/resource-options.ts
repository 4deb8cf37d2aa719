import type { Action, ActionResponse, ResourceOptions, ResourceWithOptions } from 'adminjs'
import type { AppContext } from '../app-context.js'
import type { ResourceService } from '../models/bind-resource.js'
import { TRASH_FIELDS } from '../models/plugins/trash.js'
import { accessTo } from './access.js'
import { adminFilter, adminSort } from './admin-filter.js'
import type { AdminStore } from './admin-store.js'
import { DOCUMENT_COMPONENT, EXPORT_COMPONENT } from './components/index.js'
import { historyAction } from './history-action.js'
import { activityAction } from './activity-action.js'
import { childLinks, childrenOf } from '../models/resource-children.js'
import { PolicyResource } from './policy-resource.js'
import { referenceTargets } from './reference-targets.js'
import { editableFields, resourceStore } from './resource-store.js'
import { restoreAction } from './trash-actions.js'
import { transitionActions } from './transition-actions.js'
import { extraActions } from './workflow-actions.js'

// Every panel resource is generated here from a declaration (src/models/<resource>.ts) and its admin hints; there
// is no per-resource panel configuration anywhere else.

type Actions = Record<string, Partial<Action<ActionResponse>>>

const BUILT_IN = ['list', 'search', 'show', 'new', 'edit', 'delete', 'bulkDelete'] as const

/** The AdminJS id of a declared resource (its model name, as AdminJS's mongoose adapter would name it). */
export const liveIdOf = (service: ResourceService): string => service.def.name
export const trashIdOf = (service: ResourceService): string => `${service.def.name}Trash`

/** Every built-in action gated by the policy; an action the store does not map is refused for everyone. */
export function gatedActions(store: AdminStore): Actions {
  return Object.fromEntries(BUILT_IN.map((name) => [name, { isAccessible: accessTo(store, name) }]))
}

function sortOption(service: ResourceService): ResourceOptions['sort'] {
  const { defaultSort } = service.def
  return { sortBy: defaultSort.replace(/^-/, ''), direction: defaultSort.startsWith('-') ? 'desc' : 'asc' }
}

/** Only declared sortable fields sort (the list's default order is the declaration's). */
function propertyOptions(service: ResourceService, list: readonly string[]): ResourceOptions['properties'] {
  const properties: NonNullable<ResourceOptions['properties']> = {}
  for (const field of list) properties[field] = { isSortable: service.def.sortable.includes(field) }
  for (const field of service.def.admin?.documents ?? []) {
    properties[field] = { isSortable: false, components: { show: DOCUMENT_COMPONENT } }
  }
  for (const [field, target] of Object.entries(referenceTargets(service))) {
    properties[field] = { ...properties[field], reference: target }
  }
  return properties
}

/** The field a record's title shows (breadcrumbs, reference labels, pickers): its label, else the first column. */
function titleOf(service: ResourceService, list: readonly string[]): string | undefined {
  return service.def.label?.[0] ?? list[0]
}

/** The list columns: the declared ones, else the first export columns after the id. */
function listColumns(service: ResourceService): string[] {
  const { def } = service
  return [...(def.admin?.listProperties ?? def.exportColumns.slice(1, 5))]
}

function commonOptions(service: ResourceService, trash: boolean): ResourceOptions {
  const { def } = service
  const list = listColumns(service)
  const shown = ['_id', ...Object.keys(def.fields), '_rev', 'createdAt', 'updatedAt']
  return {
    navigation: { name: def.admin?.navigation ?? 'Records', icon: trash ? 'Trash2' : 'Folder' },
    listProperties: trash ? [...list, 'deletedAt', 'deletedBy'] : list,
    showProperties: trash ? [...shown, ...TRASH_FIELDS] : shown,
    editProperties: editableFields(service),
    filterProperties: Object.keys(def.filters),
    // The label (else the first list column) names a record: breadcrumbs, search results, reference fields.
    ...(titleOf(service, list) === undefined ? {} : { titleProperty: titleOf(service, list) }),
    properties: propertyOptions(service, list),
    sort: sortOption(service),
  }
}

function policyResource(service: ResourceService, store: AdminStore, id: string): PolicyResource {
  const { def } = service
  const title = titleOf(service, listColumns(service))
  const query = {
    filter: (filters: Record<string, unknown>) => adminFilter(def, filters),
    sort: (sortBy: unknown, direction: unknown) => adminSort(def, sortBy, direction),
    // A reference picker's type-ahead filters on the title; it searches the declared search fields like `q=`.
    q: (filters: Record<string, unknown>) => {
      const text = title === undefined || title in def.filters ? undefined : filters[title]
      return typeof text === 'string' && text.trim() !== '' ? text.trim().slice(0, 200) : undefined
    },
  }
  return new PolicyResource(service.model, store, id, query)
}

/** A declared resource's list, forms, history and export. */
export function liveResource(context: AppContext, service: ResourceService): ResourceWithOptions {
  const store = resourceStore(service, 'live')
  const children = childrenOf(childLinks(context.resources.all), service.def.resource)
  const actions: Actions = {
    ...gatedActions(store),
    ...transitionActions(service, store),
    history: historyAction(context, service, store),
    ...(children.length > 0 && service.def.audit
      ? { activity: activityAction(context, service, store, children) }
      : {}),
    export: {
      actionType: 'resource',
      icon: 'Download',
      component: EXPORT_COMPONENT,
      showInDrawer: true,
      isAccessible: accessTo(store, 'export'),
      handler: () => Promise.resolve({}),
    },
    ...extraActions(context, service, store),
  }
  return {
    resource: policyResource(service, store, liveIdOf(service)),
    options: { ...commonOptions(service, false), actions },
  }
}

/** A declared resource's trash view: trashed records only, with restore and (where permitted) permanent delete. */
export function trashResource(context: AppContext, service: ResourceService): ResourceWithOptions {
  const store = resourceStore(service, 'trash', context.models.users)
  const actions: Actions = {
    ...gatedActions(store),
    delete: {
      isAccessible: accessTo(store, 'delete'),
      guard: 'Delete this record permanently? This cannot be undone.',
    },
    bulkDelete: { isAccessible: accessTo(store, 'bulkDelete'), guard: 'Delete these records permanently?' },
    restore: restoreAction(service, store, liveIdOf(service)),
  }
  return {
    resource: policyResource(service, store, trashIdOf(service)),
    options: { ...commonOptions(service, true), actions },
  }
}
