import { Schema, type Connection, type Model } from 'mongoose'

/** A Message-ID taken by an inbound-email delivery (leads/inbound-email.ts): the same mail is ingested once. */
export interface InboundClaim {
  _id: string
  at: Date
}

const claimSchema = new Schema<InboundClaim>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'lead_inbound_messages', versionKey: false },
)

export function inboundClaimModel(connection: Connection): Model<InboundClaim> {
  return (
    (connection.models.LeadInboundClaim as Model<InboundClaim> | undefined) ??
    connection.model<InboundClaim>('LeadInboundClaim', claimSchema)
  )
}
