import type { TestProject } from 'vitest/node'
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded/index.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server URI without a database name; each test file picks its own database (tests/setup/db.ts). */
    mongoUri: string
  }
}

let server: EmbeddedMongo | undefined

/** With MONGO_URL set, the whole suite runs against that real MongoDB; otherwise against one in-memory embedded server. */
export async function setup(project: TestProject): Promise<void> {
  const external = process.env.MONGO_URL
  if (external) {
    project.provide('mongoUri', external)
    return
  }
  server = await startEmbeddedMongo({ port: 0 })
  project.provide('mongoUri', server.uri)
}

export async function teardown(): Promise<void> {
  await server?.stop()
}
