/**
 * Load helpers of bench:api: one autocannon run per route and connection count, the app's RSS from /proc, and the
 * printed table. Figures only, never assertions.
 */
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'

export interface Route {
  name: string
  url: string
  method?: 'GET' | 'POST'
  /** A body for each request (creates send a fresh booking). */
  body?: string
  auth: boolean
}

export interface Row {
  route: string
  connections: number
  rps: number
  p50: number
  p99: number
  errors: number
  /** Requests answered in the run. */
  total: number
}

export async function load(route: Route, connections: number, seconds: number, token: string): Promise<Row> {
  const headers: Record<string, string> = route.auth ? { authorization: token } : {}
  if (route.body !== undefined) headers['content-type'] = 'application/json'
  const result = await autocannon({
    url: route.url,
    connections,
    duration: seconds,
    method: route.method ?? 'GET',
    headers,
    ...(route.body !== undefined ? { body: route.body } : {}),
  })
  return {
    route: route.name,
    connections,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
    total: result.requests.total,
  }
}

/** Resident memory of a process, in MiB. */
export function rssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return (Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024) / 1024 / 1024
}

/** CPU time a process has used so far (user + system), in ms: what a request costs whatever else the machine runs. */
export function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN
  // Fields 14 and 15 of /proc/PID/stat (after the parenthesised name): utime and stime in clock ticks (100 per s).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

export function printRows(rows: readonly Row[], bareRps: number): void {
  console.table(
    rows.map((row) => ({
      route: row.route,
      conns: row.connections,
      'req/s': Math.round(row.rps),
      'p50 ms': row.p50,
      'p99 ms': row.p99,
      'non-2xx+errors': row.errors,
      '% of bare': `${((row.rps / bareRps) * 100).toFixed(1)}%`,
    })),
  )
}

/** A booking as the seed-1 frontend posts it to /booking/addbooking. */
export function createPayload(owner: string): string {
  return JSON.stringify({
    user_id: owner,
    bdm: 'BDM 7',
    branch_name: 'Noida 402',
    company_name: 'BENCH CO',
    contact_person: 'Meera',
    email: 'meera@example.com',
    contact_no: 9876543210,
    services: ['MSME Registration'],
    total_amount: 5000,
    closed_by: 'Ravi',
    term_1: 1000,
    term_2: null,
    term_3: null,
    payment_date: '2025-11-02',
    pan: 'ABCDE1234F',
    gst: 'N/A',
    remark: '',
    date: '2025-11-01',
    bank: 'Cash',
    state: 'Delhi',
    status: 'Pending',
    after_disbursement: '',
    shared_with: [{ user_id: owner, percentage: 100 }],
  })
}
