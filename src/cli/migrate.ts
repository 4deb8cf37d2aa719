/**
 * `npm run migrate -- --from <seed-1 MONGO URL> [--to <URL>] [--dry-run] [--report report.json]`: adopts a seed-1
 * database (see src/migrate/). Without --to it migrates in place. Prints one line per collection and the invariants;
 * writes the whole report as JSON; exits 1 when an invariant fails.
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { openConnection } from '../db/connect.js'
import { createLogger } from '../logger.js'
import { migrateSeed1 } from '../migrate/migrate.js'
import { summarise } from '../migrate/report.js'

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    report: { type: 'string', default: 'migration-report.json' },
  },
})

if (!values.from || !/^mongodb(\+srv)?:\/\//.test(values.from)) {
  console.error('--from must be the seed-1 database URL (mongodb://...)')
  process.exit(2)
}

const logger = createLogger({ logDir: './logs', logLevel: 'info', env: 'development' })
const source = await openConnection(values.from, () => Promise.resolve())
const target = values.to ? await openConnection(values.to, () => Promise.resolve()) : source
try {
  const report = await migrateSeed1({
    source: source.connection,
    target: target.connection,
    dryRun: values['dry-run'],
    logger,
  })
  writeFileSync(values.report, `${JSON.stringify(report, null, 2)}\n`)
  console.log(summarise(report))
  console.log(`report written to ${values.report}`)
  process.exitCode = report.invariants.every((invariant) => invariant.ok) ? 0 : 1
} finally {
  await source.close()
  if (target !== source) await target.close()
}
