// Start GOV.UK Frontend and MOJ Frontend components on the page, then our own.
import { initAll as initGovuk } from '../dist/js/govuk-frontend.min.js'
import { initAll as initMoj } from '../dist/js/moj-frontend.min.js'
import { initAutosave } from './autosave.mjs'
import { initDecisionFit } from './decision-fit.mjs'
import { initTeamWorkers } from './team-workers.mjs'

initGovuk()
initMoj()
initAutosave()
initDecisionFit()
initTeamWorkers()
