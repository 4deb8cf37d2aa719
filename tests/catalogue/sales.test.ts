import { cases } from './cases/sales.js'
import { describeCatalogue } from './walk.js'

describeCatalogue('sales', cases)
