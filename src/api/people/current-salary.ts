import { z } from 'zod'
import { NotFoundError } from '../../errors.js'
import { recordId } from '../../models/fields/record-id.js'
import { Types } from 'mongoose'
import { sendData } from '../envelope.js'
import type { PeopleRoutes } from './routes.js'

const CurrentQuery = z.strictObject({ employee: recordId('employee') })

/**
 * `GET /api/v1/employee-salaries/current?employee=<id>`: the row in force today (the latest effective day not in the
 * future), with the caller's scope and masks, like the list it is a shortcut for.
 */
export function currentSalaryRoute({ on, context, actor }: PeopleRoutes): void {
  on(
    {
      method: 'get',
      path: '/employee-salaries/current',
      summary: "An employee's salary in force today",
      query: CurrentQuery,
      errors: [400, 403, 404],
    },
    async (req, res) => {
      const { employee } = CurrentQuery.parse(req.query)
      const { items } = await context.resources.employeeSalaries.list(actor(req), {
        page: 1,
        limit: 1,
        filter: { employee: new Types.ObjectId(employee), effectiveFrom: { $lte: new Date() } },
        sort: { effectiveFrom: -1 },
      })
      const current = items[0]
      if (!current) throw new NotFoundError('No salary in force for this employee')
      sendData(res, current)
    },
  )
}
