import { createUser } from '../../factories.js'
import { staffMember } from '../../people/fixtures.js'
import type { CatalogueCase, CaseContext } from '../walk.js'

// The people resources of issue 15: HR's records, the workplace and recruitment. Staff keep their own attendance and
// leaves, so the refused role there is `dev` (no self-service, as on employee profiles); messages and meetings are
// every staff member's own, so their refused role is one the matrix does not know (it holds no grant at all).

const unique = () => Math.random().toString(36).slice(2, 8)
const NO_GRANTS = 'visitor'

/** A day in a far year no other case uses, so unique-per-day rules never meet. */
let dayCounter = 0
function freshDay(): string {
  dayCounter += 1
  return new Date(Date.UTC(2031, 0, dayCounter)).toISOString().slice(0, 10)
}

async function employeeOf(ctx: CaseContext): Promise<string> {
  return (await staffMember(ctx.t, ctx.admin)).employee
}

async function someUser(ctx: CaseContext): Promise<string> {
  return (await createUser(ctx.t, { role: 'user' })).id
}

async function jobOf(ctx: CaseContext): Promise<string> {
  const skill = await ctx.create('skills', { name: `Go ${unique()}` })
  const job = await ctx.create('jobs', {
    title: `Backend engineer ${unique()}`,
    category: 'Engineering',
    skills: [skill.name],
    location: 'Ahmedabad',
    startDate: freshDay(),
    recruiter: ctx.admin.id,
  })
  return job._id
}

export const cases: readonly CatalogueCase[] = [
  {
    resource: 'attendance',
    sample: async (ctx) => ({ employee: await employeeOf(ctx), date: freshDay(), checkIn: '09:30' }),
    update: { checkOut: '18:15', comment: 'left after the release' },
    filter: (created) => ({ employee: String(created.employee) }),
    refusedRole: 'dev',
  },
  {
    resource: 'leaves',
    sample: async (ctx) => {
      const day = freshDay()
      return { employee: await employeeOf(ctx), leaveType: 'casual', startDate: day, endDate: day, reason: 'Family' }
    },
    update: { reason: 'Family function' },
    filter: () => ({ status: 'pending' }),
    refusedRole: 'dev',
  },
  {
    resource: 'holidays',
    sample: () => ({ date: freshDay(), name: `Founders day ${unique()}`, holidayType: 'optional' }),
    update: { region: 'Gujarat', holidayType: 'regional' },
    filter: (created) => ({ q: String(created.name) }),
  },
  {
    resource: 'announcements',
    sample: async (ctx) => {
      const department = await ctx.create('departments', { name: `Ops ${unique()}`, code: 'OP' })
      return {
        title: `Office move ${unique()}`,
        description: 'We move on Monday.',
        audience: 'departments',
        departments: [department.name],
      }
    },
    update: { title: 'Office move (updated)' },
    filter: (created) => ({ q: String(created.title) }),
  },
  {
    resource: 'events',
    sample: (ctx) => ({ title: `Diwali party ${unique()}`, manager: ctx.admin.id, date: freshDay(), time: '18:00' }),
    update: { location: 'Terrace' },
    filter: (created) => ({ q: String(created.title) }),
  },
  {
    resource: 'meetings',
    sample: async (ctx) => ({
      title: `Sprint review ${unique()}`,
      date: freshDay(),
      startTime: '10:00',
      endTime: '11:00',
      link: 'https://meet.example.com/abc',
      attendees: [await someUser(ctx)],
    }),
    update: { description: 'Demo of the people module' },
    filter: () => ({ status: 'scheduled' }),
    refusedRole: NO_GRANTS,
  },
  {
    resource: 'trainings',
    sample: () => ({
      category: 'Security',
      title: `Phishing basics ${unique()}`,
      links: ['https://learn.example.com/phishing'],
      date: freshDay(),
    }),
    update: { links: ['https://learn.example.com/phishing-v2'] },
    filter: (created) => ({ category: String(created.category) }),
  },
  {
    resource: 'appreciations',
    sample: async (ctx) => ({
      award: `Star of the month ${unique()}`,
      givenTo: await employeeOf(ctx),
      date: freshDay(),
    }),
    update: { summary: 'Closed the quarter early' },
    filter: (created) => ({ givenTo: String(created.givenTo) }),
  },
  {
    resource: 'skills',
    sample: () => ({ name: `TypeScript ${unique()}` }),
    update: { name: `TypeScript 5 ${unique()}` },
    filter: (created) => ({ q: String(created.name) }),
  },
  {
    resource: 'jobs',
    sample: (ctx) => ({
      title: `QA engineer ${unique()}`,
      category: 'Engineering',
      location: 'Remote',
      interviewRounds: ['Technical', 'HR'],
      startDate: freshDay(),
      totalOpenings: 2,
      recruiter: ctx.admin.id,
      jobType: 'contract',
      salaryMin: 60_000_000,
      salaryMax: 90_000_000,
    }),
    update: { status: 'closed', totalOpenings: 1 },
    filter: (created) => ({ q: String(created.title) }),
  },
  {
    resource: 'job-applications',
    sample: async (ctx) => ({
      job: await jobOf(ctx),
      name: `Kiran ${unique()}`,
      email: `kiran.${unique()}@example.com`,
      phone: '9876501234',
      totalExperience: 4.5,
      noticePeriod: 30,
    }),
    update: { appliedSource: 'referral' },
    filter: (created) => ({ job: String(created.job) }),
  },
  {
    resource: 'interview-schedules',
    sample: async (ctx) => {
      const job = await jobOf(ctx)
      const candidate = await ctx.create('job-applications', { job, name: 'Meera', email: `m.${unique()}@example.com` })
      return {
        job,
        candidate: candidate._id,
        interviewer: await someUser(ctx),
        round: 'Technical',
        interviewType: 'online',
        startOn: freshDay(),
        startTime: '15:00',
      }
    },
    update: { commentForInterviewer: 'Focus on testing' },
    filter: (created) => ({ candidate: String(created.candidate) }),
    refusedRole: NO_GRANTS,
  },
  {
    resource: 'employee-salaries',
    sample: async (ctx) => ({ employee: await employeeOf(ctx), annualCtc: 1_200_000_00, effectiveFrom: freshDay() }),
    update: { note: 'Annual revision' },
    filter: (created) => ({ employee: String(created.employee) }),
  },
  {
    resource: 'messages',
    sample: async (ctx) => ({ recipientId: await someUser(ctx), message: `Lunch at one? ${unique()}` }),
    update: { message: 'Lunch at two?' },
    filter: (created) => ({ q: String(created.message) }),
    refusedRole: NO_GRANTS,
  },
]
