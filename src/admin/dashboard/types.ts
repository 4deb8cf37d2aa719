// What the dashboard handler sends to the browser. Types only: the React component imports this file too, and the
// component bundle must never pull in server code.

/** How many live (not trashed) bookings the viewer may see have this status. */
export interface StatusCount {
  readonly status: string
  readonly count: number
}

/** One calendar day (UTC, `YYYY-MM-DD`) of the last-30-days series; days without bookings are present with 0. */
export interface DayCount {
  readonly day: string
  readonly count: number
}

/** Bookings dated this calendar month (UTC), in rupees. */
export interface MonthFigures {
  /** First day of the month, `YYYY-MM-DD`. */
  readonly month: string
  readonly count: number
  readonly total: number
  readonly received: number
  readonly pending: number
}

export interface BookingFigures {
  /** `all`, or `own` when the viewer sees only the bookings they own (a bdm). */
  readonly scope: 'all' | 'own'
  readonly total: number
  readonly byStatus: readonly StatusCount[]
  readonly thisMonth: MonthFigures
  /** Oldest first, 30 entries ending today. */
  readonly perDay: readonly DayCount[]
}

export interface RecentChange {
  readonly id: string
  readonly resource: string
  /** The AdminJS resource id (the model name), for a link to the record; null when the panel has no such resource. */
  readonly resourceId: string | null
  readonly documentId: string
  readonly revision: number
  readonly action: string
  /** ISO 8601. */
  readonly at: string
  /** Who did it: a user's name (or email) with their role, a job's or webhook's name, or `system`. */
  readonly actor: string
  readonly changes: ReadonlyArray<{ readonly path: string; readonly before?: unknown; readonly after?: unknown }>
  readonly reason: string | null
}

/** A named count (a department, a branch, a lifecycle state). */
export interface NamedCount {
  readonly _id: string
  readonly count: number
}

/** An employee with the date that puts them on a list (joining, birthday, work anniversary). */
export interface EmployeeOnDate {
  readonly _id: string
  readonly employeeId: string
  readonly employeeFullName: string
  readonly department: string
  /** ISO 8601. */
  readonly date: string
}

/** The HR figures (src/models/employee-stats.ts), for viewers who may read every profile. */
export interface EmployeeFigures {
  readonly total: number
  readonly headcount: number
  readonly byDepartment: readonly NamedCount[]
  readonly byBranch: readonly NamedCount[]
  readonly byStatus: readonly NamedCount[]
  readonly pendingReviews: number
  readonly joinersLast30Days: readonly EmployeeOnDate[]
  readonly birthdaysThisMonth: readonly EmployeeOnDate[]
  readonly anniversariesThisMonth: readonly EmployeeOnDate[]
}

/** Money received this calendar month (UTC) from captured Razorpay payments the viewer may read. */
export interface MoneyFigures {
  /** First day of the month, `YYYY-MM-DD`. */
  readonly month: string
  readonly receivedPaise: number
  readonly payments: number
}

/** Live, unmerged leads the viewer may read. */
export interface LeadFigures {
  readonly scope: 'all' | 'own'
  /** Created in the 7 days up to the reading. */
  readonly newThisWeek: number
  /** Of those, per source (website, email, manual, import), every source listed. */
  readonly bySource: ReadonlyArray<{ readonly source: string; readonly count: number }>
  /** Live leads with no owner, whenever created. */
  readonly unassigned: number
}

/** A count and its value per currency (paise), never converted between currencies. */
export interface DealTally {
  readonly count: number
  readonly totals: ReadonlyArray<{ readonly currency: string; readonly value: number }>
}

/** One pipeline's report for the current quarter (src/models/sales/deal-report.ts). */
export interface PipelineFigure {
  readonly _id: string
  readonly name: string
  readonly stages: ReadonlyArray<DealTally & { readonly _id: string; readonly name: string }>
  readonly won: DealTally
  readonly lost: DealTally
}

/** The deals the viewer may read (a bdm: their own), per pipeline. */
export interface PipelineFigures {
  readonly scope: 'all' | 'own'
  /** `2026-Q4`, calendar quarters in UTC. */
  readonly quarter: string
  readonly pipelines: readonly PipelineFigure[]
}

export interface DashboardData {
  /** ISO 8601: when the figures were read. */
  readonly generatedAt: string
  /** Null when the viewer may not read bookings at all. */
  readonly bookings: BookingFigures | null
  /** Null when the viewer may not read every employee profile (HR, senior admin and developers may). */
  readonly employees?: EmployeeFigures | null
  /** Null when the viewer may not read leads. */
  readonly leads: LeadFigures | null
  /** The latest committed audit entries of resources whose history the viewer may read, newest first. */
  readonly recentChanges: readonly RecentChange[]
  /** Null when the viewer may read no payments. */
  readonly money?: MoneyFigures | null
  /** Null when the viewer may not read deals. */
  readonly pipelines?: PipelineFigures | null
}
