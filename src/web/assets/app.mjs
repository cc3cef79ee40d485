// Progressive enhancement only: every page works without this.
import { initAll as initGovuk } from '/assets/govuk/govuk-frontend.min.js';
import { initAll as initMoj } from '/assets/moj/moj-frontend.min.js';

initGovuk();
initMoj();
