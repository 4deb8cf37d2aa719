import { z } from 'zod'
import { text } from './fields/text.js'
import type { WorkflowOptions, WorkflowTransition } from './workflow.js'

// The one state machine of a payment (link or QR). States only move forward:
//   creating -> created | failed            (the provider's answer to our create call)
//   created -> partially_paid -> paid       (webhooks, the reconcile job, or a privileged manual change)
//   created | partially_paid -> expired | cancelled
// paid, expired, cancelled and failed are final: nothing moves a paid payment back.

export const PAYMENT_STATES = [
  'creating',
  'created',
  'partially_paid',
  'paid',
  'expired',
  'cancelled',
  'failed',
] as const
export type PaymentState = (typeof PAYMENT_STATES)[number]

export const OPEN_STATES: readonly PaymentState[] = ['created', 'partially_paid']
export const FINAL_STATES: readonly PaymentState[] = ['paid', 'expired', 'cancelled', 'failed']

/** Who may change a payment's state by hand (with a reason); webhooks and the reconcile job need no role. */
const MANUAL_ROLES = ['srdev', 'dev', 'senior admin']
/** No user takes these: they record the provider's answer to our own create call. */
const PROVIDER_ONLY: string[] = []

const amountPaid = z.strictObject({ amount_paid: z.number().int().min(0).optional() })

/** Fields only transitions set: the provider's id and URL, what was paid, why it failed. */
export const PAYMENT_WORKFLOW_FIELDS = ['provider_id', 'provider_url', 'amount_paid', 'failure_reason']

function manual(name: string, to: PaymentState, input?: z.ZodObject): WorkflowTransition {
  const base = { name, from: OPEN_STATES, to, roles: MANUAL_ROLES, reasonRequired: true }
  return input ? { ...base, input } : base
}

export const paymentWorkflow: WorkflowOptions = {
  field: 'status',
  initial: 'creating',
  states: PAYMENT_STATES,
  fields: PAYMENT_WORKFLOW_FIELDS,
  transitions: [
    {
      name: 'open',
      from: ['creating'],
      to: 'created',
      roles: PROVIDER_ONLY,
      input: z.strictObject({ provider_id: z.string(), provider_url: z.string() }),
    },
    {
      name: 'fail',
      from: ['creating'],
      to: 'failed',
      roles: PROVIDER_ONLY,
      input: z.strictObject({ failure_reason: text(1000) }),
    },
    manual('pay_partially', 'partially_paid', amountPaid),
    manual('pay', 'paid', amountPaid),
    manual('expire', 'expired'),
    manual('cancel', 'cancelled'),
  ],
}

/** The transition that takes a payment to `state`, if that is forward from `current`. */
export function forwardTransition(current: string, state: PaymentState): string | undefined {
  return paymentWorkflow.transitions.find((t) => t.to === state && t.from.includes(current))?.name
}
