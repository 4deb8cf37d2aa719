import { cases } from './cases/projects.js'
import { describeCatalogue } from './walk.js'

describeCatalogue('projects', cases)
