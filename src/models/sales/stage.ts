import { z } from 'zod'
import { defineResource } from '../define-resource.js'
import { recordId, referenceField } from '../fields/record-id.js'
import { requiredText } from '../fields/text.js'
import { SALES_MANAGEMENT_KEEPS } from './settings-access.js'

// A pipeline's stages (seed 2's `stages`: stageType, stageName, pipeline), in board order. The order is unique within
// a pipeline (a unique index), so a board has one column per position. Served also under its pipeline
// (`/api/v1/pipelines/:id/stages`); destroying a pipeline takes its stages with it.

export const stageInput = z.strictObject({
  name: requiredText(100),
  pipeline: recordId('pipeline'),
  /** The column's position on the board, from 1. */
  order: z.number({ error: 'must be a number' }).int('must be a whole number').min(1).max(1000),
})

export const stageResource = defineResource({
  name: 'Stage',
  resource: 'stages',
  access: SALES_MANAGEMENT_KEEPS,
  label: ['name'],
  fields: {
    name: { type: String, required: true },
    pipeline: referenceField({ required: true }),
    order: { type: Number, required: true },
  },
  indexes: [{ fields: { pipeline: 1, order: 1 }, options: { unique: true } }],
  input: stageInput,
  references: { pipeline: { resource: 'pipelines', onDestroy: 'cascade' } },
  parents: [{ resource: 'pipelines', field: 'pipeline' }],
  audit: true,
  trash: { retentionDays: 365 },
  search: ['name'],
  filters: { pipeline: 'id', name: 'string', order: 'number' },
  sortable: ['order', 'name', 'createdAt'],
  defaultSort: 'order',
  exportColumns: ['_id', 'pipeline', 'order', 'name'],
  admin: { navigation: 'Sales', listProperties: ['name', 'pipeline', 'order'] },
})
