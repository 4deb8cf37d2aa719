import type { Logger } from '../../logger.js'
import type { Resources } from '../index.js'
import { seedList } from '../seed-organisation.js'
import { SEED_COUNTRIES, SEED_CURRENCIES } from './sales-seed-data.js'

// Countries and currencies, written at start-up into empty lists like HR's (seed-organisation.ts): a deal's or
// contract's currency must name one, so the list cannot start empty. Afterwards the lists are the developers'.

export async function seedSalesLists(resources: Resources, logger: Logger): Promise<void> {
  const countries = await seedList(resources.countries, SEED_COUNTRIES)
  const currencies = await seedList(resources.currencies, SEED_CURRENCIES)
  if (countries + currencies > 0) logger.info('sales lists seeded', { countries, currencies })
}
