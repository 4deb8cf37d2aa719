import { z } from 'zod'
import { text } from '../fields/text.js'

// A postal address as clients, customers and contracts keep it (seed 2 had loose columns or JSON blobs).

export const addressInput = z.strictObject({
  line1: text(200).optional(),
  line2: text(200).optional(),
  city: text(100).optional(),
  state: text(100).optional(),
  country: text(100).optional(),
  zipcode: text(12).optional(),
})

export const addressField = {
  line1: String,
  line2: String,
  city: String,
  state: String,
  country: String,
  zipcode: String,
}
