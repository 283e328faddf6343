// The day boundaries the reports use: the site's days in its time zone (shared, so the page's date
// pickers cut the same days).
export { type SiteDay, siteDays } from "../../shared/time/site-days.js";
