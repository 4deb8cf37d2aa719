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
import type { DashboardData, DayCount, RecentChange } from './types.js'

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
  return (
    <Box p="xl" data-testid="dashboard">
      <H2>Dashboard</H2>
      {data.bookings ? <BookingSection bookings={data.bookings} /> : null}
      {data.leads ? <LeadSection leads={data.leads} /> : null}
      <RecentChanges changes={data.recentChanges} />
      <Text variant="sm" color="grey60">
        Figures read at {new Date(data.generatedAt).toLocaleString()}; days and months in UTC, trashed bookings
        excluded.
      </Text>
    </Box>
  )
}

export default Dashboard
