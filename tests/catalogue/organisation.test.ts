import { cases } from './cases/organisation.js'
import { describeCatalogue } from './walk.js'

describeCatalogue('organisation', cases)
