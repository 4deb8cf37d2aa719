import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { recordId, referenceField, referenceListField } from '../fields/record-id.js'
import { multilineText, requiredText } from '../fields/text.js'
import { FROM_PROJECT_MEMBERS, projectTeamDefaults } from './access.js'
import { currencyCode, currencyField, dateInput, paiseAmount, storedFileField } from './fields.js'

// Money spent on a project (seed 2's `expenses`, whose price was a FLOAT of rupees): the amount in paise, who spent
// it, and the receipt as a stored file (server code writes it; never a client-supplied URL).

export const expenseInput = z.strictObject({
  project: recordId('project'),
  item: requiredText(200),
  amount: paiseAmount,
  currency: currencyCode.optional(),
  purchaseDate: dateInput,
  employee: recordId('employee').nullable().optional(),
  description: multilineText(5000).optional(),
})

export const expenseResource = defineResource({
  name: 'Expense',
  resource: 'expenses',
  access: { ...FROM_PROJECT_MEMBERS, defaults: projectTeamDefaults(['read', 'history']) },
  label: ['item'],
  fields: {
    project: referenceField({ required: true }),
    item: { type: String, required: true },
    amount: { type: Number, required: true, min: 0 },
    currency: currencyField,
    purchaseDate: { type: Date, required: true },
    employee: referenceField(),
    description: { type: String, default: '' },
    receipt: storedFileField,
    memberIds: referenceListField(),
  },
  input: expenseInput,
  internalFields: ['receipt', 'memberIds'],
  audit: true,
  trash: { retentionDays: 3650 },
  references: {
    project: { resource: 'projects', onDestroy: 'cascade' },
    employee: { resource: 'employees' },
  },
  parents: [{ resource: 'projects', field: 'project' }],
  search: ['item', 'description'],
  filters: { project: 'id', employee: 'id', purchaseDate: 'date', currency: 'string' },
  sortable: ['purchaseDate', 'amount', 'item', 'createdAt'],
  defaultSort: '-purchaseDate',
  exportColumns: ['_id', 'project', 'item', 'amount', 'currency', 'purchaseDate', 'employee', 'description'],
  admin: {
    navigation: 'Projects',
    listProperties: ['item', 'project', 'amount', 'currency', 'purchaseDate'],
    documents: ['receipt'],
  },
})
