import { readFileSync } from 'node:fs'
import path from 'node:path'
import AdminJS, { type ComponentLoader } from 'adminjs'
import {
  ADMIN_JS_TMP_DIR,
  COMPONENTS_OUTPUT_PATH,
  NODE_ENV,
  componentsBundler,
  generateUserComponentEntry,
} from 'adminjs/bundler'
import { prebundleFiles } from './prebundle-files.js'

// AdminJS bundles the panel's custom components with rollup when a production process starts, unless
// ADMIN_JS_SKIP_BUNDLE=true; it then serves ${ADMIN_JS_TMP_DIR}/bundle.js as /frontend/assets/components.bundle.js.
// The build runs that same bundler once (AdminJS's own rollup configuration, so the output is what a start would
// have produced) and production starts skip it.

/** What a prebundle holds: the bundle file and the component names its entry imports. */
export interface Prebundle {
  readonly file: string
  readonly components: readonly string[]
}

const ENTRY_IMPORT = /^AdminJS\.UserComponents\.(\w+) = /gm

/** The component names an entry module registers. */
export function componentsOfEntry(entry: string): string[] {
  return [...entry.matchAll(ENTRY_IMPORT)].map((match) => match[1] ?? '').sort()
}

/**
 * Bundles every component registered on `loader` into `${ADMIN_JS_TMP_DIR}/bundle.js`, minified. Must run with
 * NODE_ENV=production before AdminJS is first imported (its bundler reads the environment at import).
 */
export async function prebundleComponents(loader: ComponentLoader): Promise<Prebundle> {
  if (NODE_ENV !== 'production') throw new Error('Prebundle with NODE_ENV=production: `npm run bundle:admin`')
  const admin = new AdminJS({ componentLoader: loader })
  const entry = generateUserComponentEntry(admin, ADMIN_JS_TMP_DIR)
  await componentsBundler.createEntry({ content: entry })
  await componentsBundler.build()
  return { file: path.resolve(COMPONENTS_OUTPUT_PATH), components: componentsOfEntry(entry) }
}

/**
 * For a production start that skips bundling: refuses to start (with what to run) when the prebundle is missing or
 * lacks a component this admin registers, instead of serving a panel whose custom views fail in the browser.
 */
export function assertPrebundled(admin: AdminJS, bundleDir: string): Prebundle {
  const { file, entryFile } = prebundleFiles(bundleDir)
  const bundled = new Set(componentsOfEntry(readFileSync(entryFile, 'utf8')))
  const wanted = componentsOfEntry(generateUserComponentEntry(admin, bundleDir))
  const missing = wanted.filter((name) => !bundled.has(name))
  if (missing.length > 0) {
    throw new Error(`The admin prebundle lacks ${missing.join(', ')}: run \`npm run build\` again`)
  }
  return { file, components: wanted }
}
