import { Types } from 'mongoose'
import type { ResourceRecord } from '../../models/define-resource.js'

// The service agreement the v1 frontend's Agreements page previews (it injects `agreementHtml` into the page with
// dangerouslySetInnerHTML, then prints it to PDF with html2canvas). Every value comes from a stored booking a client
// typed, so every value is HTML-escaped here; the markup is ours, inline-styled, with no scripts or external assets.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Stored values are strings, numbers or ids; anything else (null, nested objects) shows as nothing. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value instanceof Types.ObjectId) return value.toHexString()
  return ''
}

export function escapeHtml(value: unknown): string {
  return asText(value).replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char)
}

const rupees = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR', maximumFractionDigits: 2 })

function money(value: unknown): string {
  return escapeHtml(rupees.format(typeof value === 'number' && Number.isFinite(value) ? value : 0))
}

function day(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–'
  const date = new Date(value as string | Date)
  return Number.isNaN(date.getTime()) ? '–' : escapeHtml(date.toISOString().slice(0, 10))
}

function row(label: string, value: string): string {
  return `<tr><th style="text-align:left;padding:4px 12px 4px 0;width:40%">${label}</th><td style="padding:4px 0">${value}</td></tr>`
}

function servicesList(services: unknown): string {
  const items = Array.isArray(services) ? services : []
  return `<ol>${items.map((service) => `<li>${escapeHtml(service)}</li>`).join('')}</ol>`
}

function partiesSection(booking: ResourceRecord, provider: string): string {
  const client = escapeHtml(booking.company_name || booking.contact_person)
  return [
    `<p>This agreement is made on ${day(booking.date)} between <strong>${escapeHtml(provider)}</strong> (the "Provider")`,
    ` and <strong>${client}</strong> (the "Client").</p>`,
    '<table style="border-collapse:collapse;width:100%">',
    row('Client company', escapeHtml(booking.company_name) || '–'),
    row('Contact person', escapeHtml(booking.contact_person)),
    row('Email', escapeHtml(booking.email)),
    row('Phone', escapeHtml(booking.contact_no)),
    row('PAN', escapeHtml(booking.pan) || '–'),
    row('GSTIN', escapeHtml(booking.gst) || 'N/A'),
    row('State', escapeHtml(booking.state)),
    '</table>',
  ].join('')
}

function paymentSection(booking: ResourceRecord): string {
  return [
    '<table style="border-collapse:collapse;width:100%">',
    row('Total fee', money(booking.total_amount)),
    row('Received (instalments 1–3)', `${money(booking.term_1)} / ${money(booking.term_2)} / ${money(booking.term_3)}`),
    row('Received in total', money(booking.received_amount)),
    row('Balance due', money(booking.pending_amount)),
    row('Payment date', day(booking.payment_date)),
    row('Payment mode', escapeHtml(booking.bank) || '–'),
    row('After disbursement', escapeHtml(booking.after_disbursement) || '–'),
    '</table>',
  ].join('')
}

/** The agreement for one booking, as an HTML fragment (no <html>/<body>: the page embeds it). */
export function agreementHtml(booking: ResourceRecord, provider: string): string {
  return [
    '<div style="font-family:Georgia,serif;color:#111;line-height:1.5">',
    `<h1 style="text-align:center;font-size:22px">Service Agreement</h1>`,
    `<p style="text-align:center">Booking reference ${escapeHtml(booking._id)}</p>`,
    '<h2 style="font-size:16px">1. Parties</h2>',
    partiesSection(booking, provider),
    '<h2 style="font-size:16px">2. Services</h2>',
    `<p>The Provider will deliver the following services to the Client:</p>${servicesList(booking.services)}`,
    '<h2 style="font-size:16px">3. Fees and payment</h2>',
    paymentSection(booking),
    '<h2 style="font-size:16px">4. Remarks</h2>',
    `<p>${escapeHtml(booking.remark) || '–'}</p>`,
    '<h2 style="font-size:16px">5. Signatures</h2>',
    `<p>For the Provider: ${escapeHtml(booking.bdm)} (${escapeHtml(booking.branch_name)}), closed by ${escapeHtml(booking.closed_by) || '–'}</p>`,
    '<p>For the Client: ____________________________</p>',
    '</div>',
  ].join('')
}
