import { cases } from './cases/billing.js'
import { describeCatalogue } from './walk.js'

describeCatalogue('billing', cases)
