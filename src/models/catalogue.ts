import { bookingResource } from './booking.js'
import { employeeResource } from './employee.js'
import { invoiceResource } from './invoice.js'
import { leadResource } from './lead.js'
import { branchResource, departmentResource, designationResource } from './organisation.js'
import { paymentLinkResource } from './payment-link.js'
import { paymentQrResource } from './payment-qr.js'
import { clientSubscriptionResource } from './projects/client-subscription.js'
import { expenseResource } from './projects/expense.js'
import { featureResource } from './projects/feature.js'
import { milestoneResource } from './projects/milestone.js'
import { noteResource } from './projects/note.js'
import { projectPaymentResource } from './projects/project-payment.js'
import { projectReportResource } from './projects/project-report.js'
import { projectResource } from './projects/project.js'
import { subscriptionPlanResource } from './projects/subscription-plan.js'
import { taskCalendarResource } from './projects/task-calendar.js'
import { taskResource } from './projects/task.js'
import { ticketResource } from './projects/ticket.js'
import { clientResource } from './sales/client.js'
import { serviceResource } from './service.js'

// The list of declared resources: one line each. The policy's resource list, owner fields and default grants
// (src/access/matrix.ts), the typed services (index.ts), the REST routers, the admin panel and the jobs derive
// from it. The key is the service's name in code (`context.resources.paymentLinks`).

export const CATALOGUE = {
  bookings: bookingResource,
  services: serviceResource,
  employees: employeeResource,
  departments: departmentResource,
  branches: branchResource,
  designations: designationResource,
  paymentLinks: paymentLinkResource,
  paymentQrs: paymentQrResource,
  invoices: invoiceResource,
  leads: leadResource,
  clients: clientResource,
  projects: projectResource,
  tasks: taskResource,
  milestones: milestoneResource,
  notes: noteResource,
  expenses: expenseResource,
  projectPayments: projectPaymentResource,
  projectReports: projectReportResource,
  taskCalendars: taskCalendarResource,
  tickets: ticketResource,
  features: featureResource,
  subscriptionPlans: subscriptionPlanResource,
  clientSubscriptions: clientSubscriptionResource,
} as const

export type CatalogueKey = keyof typeof CATALOGUE
/** The policy names of the declared resources (`payment-links`). */
export type CatalogueResource = (typeof CATALOGUE)[CatalogueKey]['resource']
