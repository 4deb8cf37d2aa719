import { cases } from './cases/people.js'
import { describeCatalogue } from './walk.js'

describeCatalogue('people', cases)
