import type { AppContext } from '../app-context.js'
import { DeferredPanel } from './deferred-panel.js'

/** The panel for this app, built on `mount()` or its first request; AdminJS is imported only then. */
export function adminPanel(context: AppContext): DeferredPanel {
  return new DeferredPanel(async () => {
    const { adminRouter } = await import('./index.js')
    return adminRouter(context)
  })
}
