// GST on an invoice, computed on the server from its lines, in integer paise. Intra-state supplies (seller and client
// in the same state) carry CGST + SGST, half the rate each; inter-state supplies carry IGST at the full rate; an
// invoice without GST carries none. The client's state comes from its address, or from its GSTIN's state code.

export interface InvoiceLine {
  description: string
  quantity: number
  /** Paise per unit. */
  rate: number
}

export type GstMode = 'intra' | 'inter' | 'none'

export interface InvoiceTotals {
  subtotal: number
  gst_mode: GstMode
  cgst: number
  sgst: number
  igst: number
  gst_total: number
  total: number
}

export function lineAmount(line: Pick<InvoiceLine, 'quantity' | 'rate'>): number {
  return Math.round(line.quantity * line.rate)
}

function sameState(a: string, b: string): boolean {
  const norm = (value: string) => value.trim().toLowerCase().replace(/\s+/g, ' ')
  return norm(a) === norm(b)
}

export function gstMode(includeGst: boolean, rate: number, sellerState: string, clientState: string): GstMode {
  if (!includeGst || rate <= 0) return 'none'
  // Without a client state the supply is taken as local (place of supply = the seller's state).
  if (clientState.trim() === '' || sameState(sellerState, clientState)) return 'intra'
  return 'inter'
}

export function invoiceTotals(lines: readonly InvoiceLine[], mode: GstMode, ratePercent: number): InvoiceTotals {
  const subtotal = lines.reduce((sum, line) => sum + lineAmount(line), 0)
  if (mode === 'none') return { subtotal, gst_mode: mode, cgst: 0, sgst: 0, igst: 0, gst_total: 0, total: subtotal }
  if (mode === 'inter') {
    const igst = Math.round((subtotal * ratePercent) / 100)
    return { subtotal, gst_mode: mode, cgst: 0, sgst: 0, igst, gst_total: igst, total: subtotal + igst }
  }
  const half = Math.round((subtotal * ratePercent) / 200)
  return { subtotal, gst_mode: mode, cgst: half, sgst: half, igst: 0, gst_total: 2 * half, total: subtotal + 2 * half }
}

/** The Indian financial year (April to March) a date falls in, as `2025-26`, counted in Indian time. */
export function financialYear(date: Date): string {
  const ist = new Date(date.getTime() + 330 * 60_000)
  const year = ist.getUTCMonth() >= 3 ? ist.getUTCFullYear() : ist.getUTCFullYear() - 1
  return `${String(year)}-${String((year + 1) % 100).padStart(2, '0')}`
}
