import { ALL_ACTIONS, ALL_BUT_DESTROY, type ResourceAccess } from '../../access/vocabulary.js'

// Who keeps the sales settings lists. Seed 2 left countries, currencies and sources public and writable by anyone;
// here every signed-in user reads them (the declarations say `readableByAnyUser`) and only developers change them.

export const DEVELOPERS_KEEP: ResourceAccess = {
  owner: 'createdBy',
  defaults: { srdev: ALL_ACTIONS, dev: ALL_BUT_DESTROY },
}

/** Lists sales management keeps (pipelines, stages, sources): admins edit, bdms read. */
export const SALES_MANAGEMENT_KEEPS: ResourceAccess = {
  owner: 'createdBy',
  defaults: {
    srdev: ALL_ACTIONS,
    dev: ALL_BUT_DESTROY,
    'senior admin': ALL_BUT_DESTROY,
    admin: ['read', 'create', 'update', 'export', 'history'],
    bdm: ['read'],
  },
}

/**
 * A client's records (sub-clients, deals, contracts): they belong to whoever owns the client (`ownerFrom`), so a bdm
 * works on their own clients' records only; admins and seniors run them all.
 */
export const CLIENT_OWNED: ResourceAccess = {
  owner: 'ownerId',
  ownerFrom: 'client',
  defaults: {
    srdev: ALL_ACTIONS,
    dev: ALL_BUT_DESTROY,
    'senior admin': ALL_BUT_DESTROY,
    admin: ['read', 'create', 'update', 'export', 'history'],
    bdm: { actions: ['read', 'create', 'update', 'history'], scope: 'own', readonlyFields: ['ownerId'] },
  },
}
