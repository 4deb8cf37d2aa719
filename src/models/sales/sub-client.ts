import { z } from 'zod'
import { CLIENT_OWNED } from './settings-access.js'
import { defineResource } from '../define-resource.js'
import { indianPhone } from '../fields/indian-ids.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { requiredText, text } from '../fields/text.js'

// The people at a client (seed 2's `sub-clients`). Seed 2 made them login principals of a client tenant, with
// passwords and bank details; here they are the client's contacts, business records owned like their client (a bdm
// sees the contacts of their own clients) and served under it (`/api/v1/clients/:id/sub-clients`).

export const subClientInput = z.strictObject({
  client: recordId('client'),
  name: requiredText(200),
  email: z.email('must be an email address').max(200).optional(),
  phone: indianPhone.optional(),
  designation: text(100).optional(),
  /** Taken from the client on every write (`ownerFrom`). */
  ownerId: recordId('user').optional(),
})

export const subClientResource = defineResource({
  name: 'SubClient',
  resource: 'sub-clients',
  access: CLIENT_OWNED,
  label: ['name'],
  fields: {
    client: referenceField({ required: true }),
    name: { type: String, required: true },
    email: String,
    phone: String,
    designation: { type: String, default: '' },
    ownerId: { type: String, index: true },
  },
  input: subClientInput,
  // A contact means nothing without its client.
  references: { client: { resource: 'clients', onDestroy: 'cascade' } },
  parents: [{ resource: 'clients', field: 'client' }],
  audit: true,
  trash: { retentionDays: 365 },
  search: ['name', 'email', 'phone', 'designation'],
  filters: { client: 'id', name: 'string', email: 'string', ownerId: 'string' },
  sortable: ['name', 'createdAt'],
  defaultSort: 'name',
  exportColumns: ['_id', 'client', 'name', 'email', 'phone', 'designation', 'ownerId', 'createdAt'],
  admin: { navigation: 'Sales', listProperties: ['name', 'client', 'designation', 'email', 'phone'] },
})
