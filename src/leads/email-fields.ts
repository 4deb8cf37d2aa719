import type { ParsedMail } from 'mailparser'

// The lead fields of a raw email: a website's form-notification mail carries `Label: value` lines; any other mail
// is a lead from its sender (name and address from From, the subject as title, the text as message).

const LABELS: Readonly<Record<string, string>> = {
  name: 'name',
  fullname: 'name',
  yourname: 'name',
  email: 'email',
  emailaddress: 'email',
  youremail: 'email',
  phone: 'phoneNumber',
  phonenumber: 'phoneNumber',
  mobile: 'phoneNumber',
  mobilenumber: 'phoneNumber',
  contactnumber: 'phoneNumber',
  telephone: 'phoneNumber',
  company: 'companyName',
  companyname: 'companyName',
  location: 'location',
  city: 'location',
  service: 'service',
  services: 'service',
  message: 'message',
  comments: 'message',
  enquiry: 'message',
  query: 'message',
}

const LINE = /^\s*([A-Za-z][A-Za-z _-]{0,30}?)\s*:\s*(.+?)\s*$/

/** `Label: value` lines whose label we know; the first occurrence wins. */
export function formFieldsOf(body: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const line of body.split(/\r?\n/)) {
    const match = LINE.exec(line)
    if (!match) continue
    const field = LABELS[(match[1] ?? '').toLowerCase().replace(/[\s_-]/g, '')]
    if (field !== undefined && !(field in fields)) fields[field] = match[2] ?? ''
  }
  return fields
}

/** A form notification names at least a contact; two known labels make it one. */
function isFormNotification(fields: Record<string, string>): boolean {
  return Object.keys(fields).length >= 2 && ('email' in fields || 'phoneNumber' in fields)
}

export function leadFieldsOf(mail: ParsedMail): Record<string, unknown> {
  const sender = mail.from?.value[0]
  const text = (mail.text ?? '').slice(0, 5000)
  const form = formFieldsOf(text)
  const base = {
    leadTitle: (mail.subject ?? '').slice(0, 200),
    source: 'email',
  }
  if (isFormNotification(form)) return { ...base, name: form.name ?? sender?.name ?? '', ...form }
  const address = sender?.address ?? ''
  return {
    ...base,
    name: (sender?.name ?? '') || address.split('@')[0] || '',
    email: address,
    message: text,
  }
}
