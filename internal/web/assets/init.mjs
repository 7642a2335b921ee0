// Enables GOV.UK Frontend's JavaScript enhancements. Loaded as a module, so it
// only runs in browsers that GOV.UK Frontend supports.
import { initAll } from './govuk-frontend.min.js'

document.body.classList.add('govuk-frontend-supported')
initAll()
