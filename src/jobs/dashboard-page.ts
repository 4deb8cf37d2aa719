import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// The Agendash page inside the panel's frame: Agendash's own index.html (its bundled app), with a top bar in the
// panel's look (brand, a way back, who is signed in) and, for read-only operators, a stylesheet hiding every write
// control. Hiding is presentation only: the write routes refuse them anyway (dashboard.ts).

/** Agendash's built page, read once. */
const AGENDASH_PUBLIC = path.join(path.dirname(fileURLToPath(import.meta.resolve('agendash'))), '..', 'public')
const INDEX = readFileSync(path.join(AGENDASH_PUBLIC, 'index.html'), 'utf8')

/** The panel's colours and font (AdminJS 7's theme: primary #3040D6, text #0C1E29, borders #EEEEEF). */
export const FRAME_CSS = `
:root { --primary-color: #3040d6; --primary-dark: #2633b0; }
.stats-summary-card { background: linear-gradient(135deg, #3040d6, #2633b0) !important; }
body.crm-jobs { padding-top: 48px; font-family: Roboto, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; }
.crm-bar { position: fixed; top: 0; left: 0; right: 0; height: 48px; z-index: 2000; display: flex; align-items: center;
  gap: 16px; padding: 0 24px; background: #fff; border-bottom: 1px solid #eeeeef; color: #0c1e29;
  font-family: Roboto, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; font-size: 14px; }
.crm-bar a { color: #3040d6; text-decoration: none; font-weight: 500; }
.crm-bar .crm-brand { font-weight: 700; font-size: 16px; color: #0c1e29; }
.crm-bar .crm-user { margin-left: auto; color: #454655; }
.crm-bar .crm-badge { margin-left: 8px; padding: 2px 8px; border-radius: 12px; background: #f6f7fb; color: #454655; }
`

export const READ_ONLY_CSS = `
[title="Delete permanently"], [title="Pause job"], [title="Resume job"], [title^="Requeue"], [title^="Retry"],
[title$="selected jobs"], [title*="selected failed"], [title*="selected jobs (creates"], .btn-success.w-100,
.crm-read-only table input[type="checkbox"] { display: none !important; }
`

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export interface Viewer {
  name: string
  role: string
  readOnly: boolean
}

/** The page for one viewer. Assets stay relative (`./assets/...`), so it is served at `/admin/jobs/`. */
export function dashboardPage(viewer: Viewer): string {
  const styles = [
    '<link rel="stylesheet" href="./crm-frame.css">',
    ...(viewer.readOnly ? ['<link rel="stylesheet" href="./crm-read-only.css">'] : []),
  ].join('')
  const bar =
    `<header class="crm-bar"><span class="crm-brand">CRM back office</span><span>Jobs</span>` +
    `<a href="/admin">&larr; Back to the panel</a>` +
    `<span class="crm-user">${escapeHtml(viewer.name)} (${escapeHtml(viewer.role)})` +
    `${viewer.readOnly ? '<span class="crm-badge">read-only</span>' : ''}</span></header>`
  return INDEX.replace('<title>Agendash</title>', '<title>Jobs · CRM back office</title>')
    .replace('</head>', `${styles}</head>`)
    .replace('<body>', `<body class="crm-jobs${viewer.readOnly ? ' crm-read-only' : ''}">${bar}`)
}
