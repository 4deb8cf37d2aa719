import type { Locale } from 'adminjs'
import type { ResourceService } from '../models/bind-resource.js'
import { liveIdOf, trashIdOf } from './resource-options.js'

/** "Booking" -> "Bookings", "Branch" -> "Branches": the navigation label. */
function plural(name: string): string {
  if (name.endsWith('s')) return name
  return /(ch|sh|x)$/.test(name) ? `${name}es` : `${name}s`
}

/** Labels derived from the declarations: a resource's plural name, its trash view, and our actions' names. */
export function adminLocale(
  services: readonly ResourceService[],
  extra: NonNullable<Locale['translations']>['en'] = {},
): Locale {
  const labels: Record<string, string> = { User: 'Users', Role: 'Roles' }
  for (const service of services) {
    labels[liveIdOf(service)] = plural(service.def.name)
    labels[trashIdOf(service)] = `${plural(service.def.name)} trash`
  }
  return {
    language: 'en',
    translations: {
      en: {
        ...extra,
        labels,
        actions: {
          history: 'History',
          activity: 'Activity',
          export: 'Export CSV',
          restore: 'Restore',
          delete: 'Delete',
        },
      },
    },
  }
}
