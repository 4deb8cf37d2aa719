import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // One embedded database server per run; each test file uses its own database on it (tests/setup/db.ts).
    globalSetup: ['tests/setup/global-setup.ts', 'tests/setup/log-dir.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest counts a run that matched no test as a failure already; say it plainly in the summary too.
    reporters: ['default'],
    // Test files share their worker's modules: importing the app graph (Express, Mongoose, AdminJS, Agenda) costs
    // seconds, and isolation paid it once per file, about half the suite's time. Files stay independent because each
    // builds its own app on its own database and the app keeps its state per connection (README, "Tests").
    pool: 'forks',
    isolate: false,
    // Two workers whatever the machine: the database server runs in the main process, so a second worker has
    // something to do while the first waits on it; more workers on CI's two cores only add contention.
    maxWorkers: 2,
  },
})
