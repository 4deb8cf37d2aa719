import { estimateResource } from './billing/estimate.js'
import { productResource } from './billing/product.js'
import { proposalResource } from './billing/proposal.js'
import { quotationResource } from './billing/quotation.js'
import { salesCreditNoteResource } from './billing/sales-credit-note.js'
import { salesInvoiceResource } from './billing/sales-invoice.js'
import { salesQuotationResource } from './billing/sales-quotation.js'
import { salesRevenueResource } from './billing/sales-revenue.js'
import { bookingResource } from './booking.js'
import { employeeResource } from './employee.js'
import { invoiceResource } from './invoice.js'
import { leadResource } from './lead.js'
import { branchResource, departmentResource, designationResource } from './organisation.js'
import { announcementResource } from './people/announcement.js'
import { appreciationResource } from './people/appreciation.js'
import { attendanceResource } from './people/attendance.js'
import { companyEventResource } from './people/company-event.js'
import { employeeSalaryResource } from './people/employee-salary.js'
import { holidayResource } from './people/holiday.js'
import { interviewScheduleResource } from './people/interview-schedule.js'
import { jobApplicationResource } from './people/job-application.js'
import { jobResource } from './people/job.js'
import { leaveResource } from './people/leave.js'
import { meetingResource } from './people/meeting.js'
import { messageResource } from './people/message.js'
import { skillResource } from './people/skill.js'
import { trainingResource } from './people/training.js'
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
import { contractResource } from './sales/contract.js'
import { countryResource } from './sales/country.js'
import { currencyResource } from './sales/currency.js'
import { dealResource } from './sales/deal.js'
import { labelResource } from './sales/label.js'
import { pipelineResource } from './sales/pipeline.js'
import { sourceResource } from './sales/source.js'
import { stageResource } from './sales/stage.js'
import { subClientResource } from './sales/sub-client.js'
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
  subClients: subClientResource,
  sources: sourceResource,
  labels: labelResource,
  countries: countryResource,
  currencies: currencyResource,
  pipelines: pipelineResource,
  stages: stageResource,
  deals: dealResource,
  contracts: contractResource,
  attendance: attendanceResource,
  leaves: leaveResource,
  holidays: holidayResource,
  announcements: announcementResource,
  events: companyEventResource,
  meetings: meetingResource,
  trainings: trainingResource,
  appreciations: appreciationResource,
  skills: skillResource,
  jobs: jobResource,
  jobApplications: jobApplicationResource,
  interviewSchedules: interviewScheduleResource,
  employeeSalaries: employeeSalaryResource,
  messages: messageResource,
  products: productResource,
  quotations: quotationResource,
  proposals: proposalResource,
  estimates: estimateResource,
  salesQuotations: salesQuotationResource,
  salesInvoices: salesInvoiceResource,
  salesCreditNotes: salesCreditNoteResource,
  salesRevenue: salesRevenueResource,
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
