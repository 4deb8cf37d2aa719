import { rmSync } from 'node:fs'
import path from 'node:path'
import type AdminJS from 'adminjs'
import type { Config } from '../../config.js'
import type { Logger } from '../../logger.js'
import { assertPrebundled } from './prebundle.js'

export { assertPrebundled, prebundleComponents, type Prebundle } from './prebundle.js'

/**
 * Call once the panel's AdminJS instance exists, before serving it. What each mode does with the components bundle
 * (`${ADMIN_JS_TMP_DIR}/bundle.js`, served as /admin/frontend/assets/components.bundle.js):
 * - production (ADMIN_JS_SKIP_BUNDLE defaults to true): serves the build's prebundle, never bundles; throws when the
 *   prebundle is missing or lacks a registered component, so a broken deploy stops at start, not in the browser.
 * - production with ADMIN_JS_SKIP_BUNDLE=false: AdminJS bundles at every start, as it does by default.
 * - development: drops the bundle an earlier run left, so the first page load bundles the current components
 *   (AdminJS bundles on demand when the file is absent, and otherwise serves it however old it is).
 * - test: AdminJS bundles on the first request for the bundle and reuses the file (workers share it).
 */
export function prepareComponentsBundle(admin: AdminJS, config: Config, logger: Logger): void {
  switch (config.env) {
    case 'production': {
      if (!config.admin.skipBundle) return
      const prebundle = assertPrebundled(admin, config.admin.bundleDir)
      logger.info('admin components prebundled', { file: prebundle.file, components: prebundle.components })
      return
    }
    case 'development':
      rmSync(path.join(config.admin.bundleDir, 'bundle.js'), { force: true })
      return
    case 'test':
      return
  }
}
