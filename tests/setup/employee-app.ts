import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { seedOrganisation } from '../../src/models/seed-organisation.js'
import { buildTestApp, type TestApp, type TestAppOptions } from './app.js'

export { employeePayload, validAadhaar } from './employee-payload.js'

/** Smallest files whose bytes sniff as each type. */
export const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01])
export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452', 'hex'),
])
export const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1')
export const NOT_AN_IMAGE = Buffer.from('MZ this is an executable, not a photo')

/** Every file under the app's upload directory (to prove no orphan was left). */
export async function uploadedFiles(t: TestApp): Promise<string[]> {
  const root = t.config.uploads.dir
  const found: string[] = []
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
    for (const entry of entries) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) await walk(full)
      else found.push(full)
    }
  }
  await walk(root)
  return found
}

/** The real app with seed 1's departments, branches and designations seeded, as `npm start` does. */
export async function buildHrTestApp(label: string, options: TestAppOptions = {}): Promise<TestApp> {
  const t = await buildTestApp(label, options)
  await seedOrganisation(t.context.resources, t.context.logger)
  return t
}
