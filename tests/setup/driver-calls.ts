import type { TestApp } from './app.js'

/** The driver calls (`insertMany`, `updateMany`...) collection `name` receives while `run` runs (mongoose's debug hook). */
export async function driverCallsDuring(t: TestApp, name: string, run: () => Promise<unknown>): Promise<string[]> {
  const calls: string[] = []
  const connection = t.context.db.connection
  connection.set('debug', (collection: string, method: string) => {
    if (collection === name) calls.push(method)
  })
  try {
    await run()
  } finally {
    connection.set('debug', false)
  }
  return calls
}
