import { fileURLToPath } from 'node:url'
import { componentLoader } from '../component-loader.js'

// Registered when this module loads, so a prebundle at build time sees them without a database. No extension: the
// loader finds the .tsx under src/ and the compiled .js under dist/.

const here = (name: string): string => fileURLToPath(new URL(`./${name}`, import.meta.url))

/** The record action "History": audit entries and restore-to-revision. */
export const HISTORY_COMPONENT = componentLoader.add('HistoryView', here('HistoryView'))

/** The resource action "Export": a CSV download of the list as filtered and sorted. */
export const EXPORT_COMPONENT = componentLoader.add('ExportView', here('ExportView'))

/** The navigation page that opens the job dashboard (Agendash at /admin/jobs). */
export const JOBS_PAGE_COMPONENT = componentLoader.add('JobsPage', here('JobsPage'))
/** A workflow transition's dialog: the reason (and the transition's values), then the transition. */
export const TRANSITION_COMPONENT = componentLoader.add('TransitionView', here('TransitionView'))

/** A stored document on a record's page: images inline, PDFs linked, masked ones named as hidden. */
export const DOCUMENT_COMPONENT = componentLoader.add('DocumentView', here('DocumentView'))

/** The signed-in admin's own notifications: unread count, the latest, "mark all read". */
export const NOTIFICATIONS_PAGE_COMPONENT = componentLoader.add('NotificationsPage', here('NotificationsPage'))
