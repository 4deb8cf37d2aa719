import { z } from 'zod'
import { defineJob } from './define-job.js'

// On (or after) an employee's relieving date, the linked user can no longer sign in: the account is deactivated and
// its token version bumped, so every token already issued is refused at once. The profile records when, audited as
// this job's run. Idempotent: a profile is handled once (loginDisabledAt), a missed day is caught up the next run.

interface Relieved {
  _id: unknown
  userId: string
}

export const relieveEmployees = defineJob({
  name: 'employees.relieve',
  description: 'Disables the login of employees whose relieving date has come and revokes their tokens',
  schedule: { cron: '10 0 * * *' },
  lockLifetimeMs: 10 * 60_000,
  attempts: 3,
  backoffMs: 60_000,
  data: z.object({ asOf: z.coerce.date().optional() }),
  async run(run) {
    const { app, data, actor, logger, signal } = run
    const now = data.asOf ?? new Date()
    const employees = app.resources.employees
    const due = await employees.model
      .find({ status: 'left', relievingDate: { $lte: now }, loginDisabledAt: null, deletedAt: null }, { userId: 1 })
      .lean<Relieved[]>()
    for (const employee of due) {
      if (signal.aborted) return
      await app.models.users.updateOne(
        { _id: employee.userId },
        { $set: { isActive: false }, $inc: { tokenVersion: 1 } },
      )
      app.principals.invalidate(employee.userId)
      await employees.update(
        actor,
        String(employee._id),
        {},
        {
          internal: { loginDisabledAt: now },
          reason: 'relieving date reached: login disabled, tokens revoked',
        },
      )
      logger.info('employee relieved', { employeeId: String(employee._id), userId: employee.userId })
      run.processed(1)
    }
  },
})
