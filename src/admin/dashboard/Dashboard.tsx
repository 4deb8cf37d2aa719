import React from 'react'
import { ApiClient, ViewHelpers } from 'adminjs'
import {
  Box,
  H2,
  H4,
  Loader,
  MessageBox,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
} from '@adminjs/design-system'
import type { DashboardData, DayCount, EmployeeFigures, EmployeeOnDate, NamedCount, RecentChange } from './types.js'

// The panel's home page. One file on purpose: AdminJS bundles each registered component from its path, and a
// relative import between .tsx files would need a `.js` suffix (NodeNext) that the bundler cannot map back.

const rupees = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR', maximumFractionDigits: 0 })
const CHART = { width: 720, height: 220, left: 36, bottom: 28, top: 12 }
const LEADING_FIELDS = ['company_name', 'name', 'title', 'status', 'total_amount', 'contact_person', 'email']

function FigureCard(props: { label: string; value: string; testId: string }): React.JSX.Element {
  return (
    <Box variant="card" p="lg" mr="lg" mb="lg" style={{ minWidth: 180 }}>
      <Text variant="sm" color="grey60">
        {props.label}
      </Text>
      <H2 mb={0} data-testid={props.testId}>
        {props.value}
      </H2>
    </Box>
  )
}

/** Bars for the last 30 days, the day axis labelled weekly back from today, the tallest value on the count axis. */
function DayChart(props: { series: readonly DayCount[] }): React.JSX.Element {
  const { width, height, left, bottom, top } = CHART
  const max = Math.max(1, ...props.series.map((day) => day.count))
  const plotHeight = height - bottom - top
  const slot = (width - left) / Math.max(1, props.series.length)
  const y = (count: number): number => top + plotHeight - (count / max) * plotHeight
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-label="Bookings per day over the last 30 days"
      data-testid="dashboard-chart"
    >
      <line x1={left} y1={y(0)} x2={width} y2={y(0)} stroke="#C0C0CA" />
      <text x={left - 6} y={y(max) + 4} textAnchor="end" fontSize="11" fill="#898A9A">
        {max}
      </text>
      <text x={left - 6} y={y(0) + 4} textAnchor="end" fontSize="11" fill="#898A9A">
        0
      </text>
      {props.series.map((day, index) => {
        const x = left + index * slot
        return (
          <g key={day.day}>
            <rect
              x={x + slot * 0.15}
              y={y(day.count)}
              width={slot * 0.7}
              height={y(0) - y(day.count)}
              fill="#3040D6"
              data-day={day.day}
              data-count={day.count}
            >
              <title>{`${day.day}: ${day.count}`}</title>
            </rect>
            {(props.series.length - 1 - index) % 7 === 0 ? (
              <text
                x={index === props.series.length - 1 ? width : x + slot / 2}
                y={height - 8}
                textAnchor={index === props.series.length - 1 ? 'end' : 'middle'}
                fontSize="11"
                fill="#898A9A"
              >
                {day.day.slice(5)}
              </text>
            ) : null}
          </g>
        )
      })}
    </svg>
  )
}

function shortValue(value: unknown): string {
  if (value === undefined) return '—'
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length > 40 ? `${text.slice(0, 39)}…` : text
}

function ChangeRow(props: { change: RecentChange; h: ViewHelpers }): React.JSX.Element {
  const { change, h } = props
  const link = change.resourceId
    ? h.recordActionUrl({ resourceId: change.resourceId, recordId: change.documentId, actionName: 'show' })
    : undefined
  // The fields a person recognises a record by come first; a create entry lists every field.
  const rank = (field: { path: string }): number => {
    const index = LEADING_FIELDS.indexOf(field.path)
    return index === -1 ? LEADING_FIELDS.length : index
  }
  const fields = [...change.changes]
    .sort((a, b) => rank(a) - rank(b))
    .slice(0, 3)
    .map((field) => `${field.path}: ${shortValue(field.before)} → ${shortValue(field.after)}`)
  const more = change.changes.length > fields.length ? ` (+${change.changes.length - fields.length})` : ''
  return (
    <TableRow data-testid="dashboard-change">
      <TableCell>{new Date(change.at).toLocaleString()}</TableCell>
      <TableCell>{change.actor}</TableCell>
      <TableCell>
        {change.action} {link ? <a href={link}>{change.resource}</a> : change.resource} r{change.revision}
      </TableCell>
      <TableCell>
        {fields.join('; ')}
        {more}
        {change.reason ? ` — ${change.reason}` : ''}
      </TableCell>
    </TableRow>
  )
}

function BookingSection(props: { bookings: NonNullable<DashboardData['bookings']> }): React.JSX.Element {
  const { bookings } = props
  return (
    <Box mb="xl">
      <H4>{bookings.scope === 'own' ? 'Your bookings' : 'Bookings'}</H4>
      <Box flex flexWrap="wrap">
        <FigureCard label="All live bookings" value={String(bookings.total)} testId="dashboard-total" />
        {bookings.byStatus.map((row) => (
          <FigureCard
            key={row.status}
            label={row.status}
            value={String(row.count)}
            testId={`dashboard-status-${row.status}`}
          />
        ))}
      </Box>
      <H4>
        This month ({bookings.thisMonth.count} bookings dated since {bookings.thisMonth.month})
      </H4>
      <Box flex flexWrap="wrap">
        <FigureCard label="Received" value={rupees.format(bookings.thisMonth.received)} testId="dashboard-received" />
        <FigureCard label="Pending" value={rupees.format(bookings.thisMonth.pending)} testId="dashboard-pending" />
        <FigureCard
          label="Booked value"
          value={rupees.format(bookings.thisMonth.total)}
          testId="dashboard-month-total"
        />
      </Box>
      <H4>Bookings per day, last 30 days</H4>
      <Box variant="card" p="lg">
        <DayChart series={bookings.perDay} />
      </Box>
    </Box>
  )
}

/** Horizontal bars, one per department: the active headcount. */
function HeadcountChart(props: { rows: readonly NamedCount[] }): React.JSX.Element {
  const max = Math.max(1, ...props.rows.map((row) => row.count))
  const rowHeight = 28
  const labelWidth = 140
  const width = 720
  const height = Math.max(1, props.rows.length) * rowHeight + 8
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-label="Headcount by department"
      data-testid="hr-chart"
    >
      {props.rows.map((row, index) => {
        const barWidth = ((width - labelWidth - 40) * row.count) / max
        const y = index * rowHeight + 4
        return (
          <g key={row._id}>
            <text x={labelWidth - 8} y={y + 17} textAnchor="end" fontSize="12" fill="#454655">
              {row._id}
            </text>
            <rect
              x={labelWidth}
              y={y}
              width={barWidth}
              height={rowHeight - 8}
              fill="#3040D6"
              data-department={row._id}
              data-count={row.count}
            >
              <title>{`${row._id}: ${row.count}`}</title>
            </rect>
            <text x={labelWidth + barWidth + 6} y={y + 17} fontSize="12" fill="#454655">
              {row.count}
            </text>
          </g>
        )
      })}
    </svg>
  )
}

function PeopleList(props: { title: string; people: readonly EmployeeOnDate[]; testId: string }): React.JSX.Element {
  return (
    <Box variant="card" p="lg" mr="lg" mb="lg" style={{ minWidth: 240 }} data-testid={props.testId}>
      <Text variant="sm" color="grey60">
        {props.title}
      </Text>
      {props.people.length === 0 ? <Text>None</Text> : null}
      {props.people.map((person) => (
        <Text key={person._id}>
          {person.employeeFullName} ({person.department}) — {person.date.slice(5, 10)}
        </Text>
      ))}
    </Box>
  )
}

/** HR's figures: headcount, the review queue (a link to the filtered list), joiners, birthdays and anniversaries. */
function HrSection(props: { figures: EmployeeFigures }): React.JSX.Element {
  const { figures } = props
  const queue = new ViewHelpers().resourceUrl({ resourceId: 'Employee', search: '?filters.status=pending_review' })
  return (
    <Box mb="xl" data-testid="hr-section">
      <H4>People</H4>
      <Box flex flexWrap="wrap">
        <FigureCard label="Active employees" value={String(figures.headcount)} testId="hr-headcount" />
        <FigureCard label="Pending reviews" value={String(figures.pendingReviews)} testId="hr-pending" />
        <FigureCard
          label="Joined in the last 30 days"
          value={String(figures.joinersLast30Days.length)}
          testId="hr-joiners"
        />
        <FigureCard label="All profiles" value={String(figures.total)} testId="hr-total" />
      </Box>
      <Text mb="lg">
        <a href={queue} data-testid="hr-review-queue">
          Open the review queue ({figures.pendingReviews})
        </a>
      </Text>
      <H4>Headcount by department</H4>
      <Box variant="card" p="lg" mb="lg">
        {figures.byDepartment.length === 0 ? <Text>No active employees yet.</Text> : null}
        <HeadcountChart rows={figures.byDepartment} />
      </Box>
      <Box flex flexWrap="wrap">
        <PeopleList title="Birthdays this month" people={figures.birthdaysThisMonth} testId="hr-birthdays" />
        <PeopleList
          title="Work anniversaries this month"
          people={figures.anniversariesThisMonth}
          testId="hr-anniversaries"
        />
      </Box>
    </Box>
  )
}

function LeadSection(props: { leads: NonNullable<DashboardData['leads']> }): React.JSX.Element {
  const { leads } = props
  return (
    <Box mb="xl" data-testid="dashboard-leads">
      <H4>{leads.scope === 'own' ? 'Your leads' : 'Leads'}</H4>
      <Box flex flexDirection="row" flexWrap="wrap">
        <FigureCard label="New this week" value={String(leads.newThisWeek)} testId="leads-new-week" />
        <FigureCard label="Unassigned" value={String(leads.unassigned)} testId="leads-unassigned" />
        {leads.bySource.map((row) => (
          <FigureCard
            key={row.source}
            label={`This week: ${row.source}`}
            value={String(row.count)}
            testId={`leads-source-${row.source}`}
          />
        ))}
      </Box>
    </Box>
  )
}

function RecentChanges(props: { changes: readonly RecentChange[] }): React.JSX.Element {
  const h = new ViewHelpers()
  return (
    <Box mb="xl">
      <H4>Latest changes</H4>
      {props.changes.length === 0 ? (
        <Text>No changes you may see yet.</Text>
      ) : (
        <Box variant="card" p="lg">
          <Table width="100%">
            <TableHead>
              <TableRow>
                <TableCell>When</TableCell>
                <TableCell>Who</TableCell>
                <TableCell>What</TableCell>
                <TableCell>Fields</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {props.changes.map((change) => (
                <ChangeRow key={change.id} change={change} h={h} />
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  )
}

/** A section bundled as a component of its own (PipelineSection.tsx), read where AdminJS registers it at load. */
type Section = React.ComponentType<{ figures: NonNullable<DashboardData['pipelines']> }>
const section = (name: string): Section | undefined =>
  (globalThis as { AdminJS?: { UserComponents?: Record<string, Section> } }).AdminJS?.UserComponents?.[name]

const Dashboard = (): React.JSX.Element => {
  const [data, setData] = React.useState<DashboardData | null>(null)
  const [failed, setFailed] = React.useState(false)
  React.useEffect(() => {
    let live = true
    new ApiClient()
      .getDashboard<DashboardData>()
      .then((response) => {
        if (live) setData(response.data)
      })
      .catch(() => {
        if (live) setFailed(true)
      })
    return () => {
      live = false
    }
  }, [])
  if (failed) return <MessageBox m="xl" message="The dashboard figures could not be loaded." variant="danger" />
  if (!data) return <Loader />
  const PipelineSection = section('PipelineSection')
  return (
    <Box p="xl" data-testid="dashboard">
      <H2>Dashboard</H2>
      {data.employees ? <HrSection figures={data.employees} /> : null}
      {data.bookings ? <BookingSection bookings={data.bookings} /> : null}
      {data.money ? (
        <Box mb="xl" flex flexWrap="wrap">
          <FigureCard
            label={`Received via Razorpay since ${data.money.month} (${String(data.money.payments)} payments)`}
            value={rupees.format(data.money.receivedPaise / 100)}
            testId="dashboard-money-received"
          />
        </Box>
      ) : null}
      {data.leads ? <LeadSection leads={data.leads} /> : null}
      {data.pipelines && PipelineSection ? <PipelineSection figures={data.pipelines} /> : null}
      <RecentChanges changes={data.recentChanges} />
      <Text variant="sm" color="grey60">
        Figures read at {new Date(data.generatedAt).toLocaleString()}; days and months in UTC, trashed bookings
        excluded.
      </Text>
    </Box>
  )
}

export default Dashboard
