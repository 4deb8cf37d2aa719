// adminjs exports its bundler as `adminjs/bundler` without types; these are the few members the prebundle uses,
// narrowed from node_modules/adminjs/lib/backend/bundler (AdminJS 7.8).
declare module 'adminjs/bundler' {
  import type AdminJS from 'adminjs'

  /** `production` or `development`, as AdminJS read NODE_ENV when it was first imported. */
  export const NODE_ENV: 'production' | 'development'
  /** ADMIN_JS_TMP_DIR as AdminJS read it when first imported (default `.adminjs`), relative to the working directory. */
  export const ADMIN_JS_TMP_DIR: string
  /** `${ADMIN_JS_TMP_DIR}/entry.js` */
  export const COMPONENTS_ENTRY_PATH: string
  /** `${ADMIN_JS_TMP_DIR}/bundle.js`: what production serves as /frontend/assets/components.bundle.js. */
  export const COMPONENTS_OUTPUT_PATH: string

  /** The entry module importing every component of the admin's ComponentLoader. */
  export function generateUserComponentEntry(admin: AdminJS, entryPath: string): string

  export const componentsBundler: {
    createEntry(options: { dir?: string; content: string }): Promise<void>
    build(): Promise<void>
  }
}
