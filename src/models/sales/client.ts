import { z } from 'zod'
import { ALL_ACTIONS, ALL_BUT_DESTROY } from '../../access/vocabulary.js'
import { defineResource } from '../define-resource.js'
import { bankAccountNumber, gstin, ifscCode, indianPhone, panNumber } from '../fields/indian-ids.js'
import { recordId } from '../fields/record-id.js'
import { requiredText, text } from '../fields/text.js'
import { addressField, addressInput } from './address.js'

// A customer company (seed 2's `clients`). Seed 2 made every client a login principal with a password; here a client
// is a business record owned by the bdm who looks after it: staff sign in, clients do not. Deals, documents,
// contracts and projects reference a client and inherit its owner (`access.ownerFrom`).
//
// Seed 2's sales `customers` are the same companies (a customer is a client we bill): two collections would hold the
// same company twice and let its GSTIN or address disagree. So `/api/v1/customers` serves this resource (`aliases`).
// Seed 2's fields map as: name -> companyName, contact -> phone, email -> email, tax_number -> gstIn,
// billing_address / shipping_address -> billingAddress / shippingAddress, related_id (the creator) -> ownerId;
// alternate_number goes to a contact (sub-clients) or notes; customerNumber is not issued (the record id names it).

/** Bank details are shown masked to everyone but those who hold the client with all scope and no mask. */
export const CLIENT_BANK_FIELDS = ['accountHolder', 'accountNumber', 'bankName', 'ifsc', 'bankLocation'] as const

export const clientInput = z.strictObject({
  companyName: requiredText(200),
  contactName: text(200).optional(),
  email: z.email('must be an email address').max(200).optional(),
  phone: indianPhone.optional(),
  website: text(200).optional(),
  gstIn: gstin.optional(),
  pan: panNumber.optional(),
  billingAddress: addressInput.optional(),
  shippingAddress: addressInput.optional(),
  accountHolder: text(200).optional(),
  accountNumber: bankAccountNumber.optional(),
  bankName: text(200).optional(),
  ifsc: ifscCode.optional(),
  bankLocation: text(200).optional(),
  /** The bdm looking after the client; defaults to the creator. */
  ownerId: recordId('user').optional(),
  notes: text(2000).optional(),
})

export const clientResource = defineResource({
  name: 'Client',
  resource: 'clients',
  aliases: ['customers'],
  access: {
    owner: 'ownerId',
    defaults: {
      srdev: ALL_ACTIONS,
      dev: ALL_BUT_DESTROY,
      'senior admin': ALL_BUT_DESTROY,
      admin: { actions: ['read', 'create', 'update', 'export', 'history'], maskedFields: CLIENT_BANK_FIELDS },
      bdm: {
        actions: ['read', 'create', 'update', 'history'],
        scope: 'own',
        maskedFields: CLIENT_BANK_FIELDS,
        readonlyFields: ['ownerId'],
      },
    },
  },
  label: ['companyName'],
  fields: {
    companyName: { type: String, required: true },
    contactName: String,
    email: String,
    phone: String,
    website: String,
    gstIn: { type: String, index: true },
    pan: { type: String, index: true },
    billingAddress: addressField,
    shippingAddress: addressField,
    accountHolder: String,
    accountNumber: String,
    bankName: String,
    ifsc: String,
    bankLocation: String,
    ownerId: { type: String, index: true },
    notes: String,
  },
  input: clientInput,
  audit: true,
  trash: { retentionDays: 365 },
  search: ['companyName', 'contactName', 'email', 'phone', 'gstIn', 'pan'],
  searchIndex: true,
  filters: { companyName: 'string', ownerId: 'string', gstIn: 'string', email: 'string' },
  sortable: ['companyName', 'createdAt'],
  defaultSort: 'companyName',
  exportColumns: ['_id', 'companyName', 'contactName', 'email', 'phone', 'gstIn', 'pan', 'ownerId', 'createdAt'],
  admin: { navigation: 'Sales', listProperties: ['companyName', 'contactName', 'email', 'phone', 'ownerId'] },
})
