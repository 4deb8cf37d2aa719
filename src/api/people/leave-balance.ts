import { z } from 'zod'
import { recordId } from '../../models/fields/record-id.js'
import { leaveBalance } from '../../models/people/leave-balance.js'
import { sendData } from '../envelope.js'
import type { PeopleRoutes } from './routes.js'

const BalanceQuery = z.strictObject({
  employee: recordId('employee'),
  year: z.coerce.number({ error: 'must be a year' }).int('must be a year').min(2000).max(2100),
})

/** `GET /api/v1/leaves/balance?employee=<id>&year=YYYY`: approved days per type against the allowances. */
export function leaveBalanceRoute({ on, context, actor }: PeopleRoutes): void {
  on(
    {
      method: 'get',
      path: '/leaves/balance',
      summary: "An employee's leave balance for a year (approved days per type; HR: anyone's, staff: their own)",
      query: BalanceQuery,
      errors: [400, 403, 404],
    },
    async (req, res) => {
      const { employee, year } = BalanceQuery.parse(req.query)
      const { leaves, employees } = context.resources
      sendData(res, await leaveBalance({ leaves, employees }, actor(req), employee, year))
    },
  )
}
