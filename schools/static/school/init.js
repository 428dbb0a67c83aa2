// Progressive enhancement only: every school page works without JavaScript.
import { initAll } from "/static/govuk/govuk-frontend.min.js";
initAll();
