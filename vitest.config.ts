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
  },
})
