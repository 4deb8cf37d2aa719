import { existsSync } from 'node:fs'
import path from 'node:path'

/**
 * The prebundle's two files, or an error saying to build: checked before a production start listens (without
 * loading AdminJS, which mounts after the API), so a deploy that skipped the build stops at start.
 */
export function prebundleFiles(bundleDir: string): { file: string; entryFile: string } {
  const file = path.join(bundleDir, 'bundle.js')
  const entryFile = path.join(bundleDir, 'entry.js')
  if (!existsSync(file) || !existsSync(entryFile)) {
    throw new Error(`The admin components are not prebundled in ${bundleDir}: run \`npm run build\` first`)
  }
  return { file, entryFile }
}
