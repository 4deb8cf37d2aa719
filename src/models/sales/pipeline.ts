import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { multilineText, requiredText } from '../fields/text.js'
import { SALES_MANAGEMENT_KEEPS } from './settings-access.js'

// Sales pipelines (seed 2's `pipelines`: pipeline_name): a named sequence of stages (stage.ts) deals move through.

export const pipelineInput = z.strictObject({
  name: requiredText(100),
  description: multilineText(1000).optional(),
})

export const pipelineResource = defineResource({
  name: 'Pipeline',
  resource: 'pipelines',
  access: SALES_MANAGEMENT_KEEPS,
  label: ['name'],
  fields: {
    name: { type: String, required: true, unique: true },
    description: { type: String, default: '' },
  },
  input: pipelineInput,
  audit: true,
  trash: { retentionDays: 365 },
  search: ['name'],
  filters: { name: 'string' },
  sortable: ['name', 'createdAt'],
  defaultSort: 'name',
  exportColumns: ['_id', 'name', 'description'],
  admin: { navigation: 'Sales', listProperties: ['name', 'description'] },
})
