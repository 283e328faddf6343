// What the signed-in user may do, as the gateway's access policy decides it (gateway/http/policy.ts).
// GET /api/me carries them, so the page shows what the gateway allows and never decides by role.
import type { SiteDisplay } from "./preferences.js";
import type { User } from "./records.js";

export const CAPABILITIES = [
  /** every unit, bag and trip of the site (staff, admin); the others see and run only their own */
  "wholeSite",
  /** register, move and discard bags (a donor: her own, in her own units) */
  "handleBags",
  "startTrips",
  /** accept or reject a handed-over trip at reception */
  "receiveTrips",
  "readAudit",
  /** see the readings the gateway refused */
  "readQuarantine",
  "releaseQuarantine",
  /** list the site's people, to pick a donor or a courier */
  "listPeople",
  "createUsers",
  "createUnits",
  "listDevices",
  "provisionDevices",
  /** the site's notification settings (SMTP, SMS, escalation; secrets never shown) */
  "readSiteSettings",
] as const;

export type Capability = (typeof CAPABILITIES)[number];

export type Capabilities = Record<Capability, boolean>;

/** the signed-in user, with what they may do */
export interface Me extends User {
  can: Capabilities;
  /** the site's time zone and the defaults for what she has not chosen */
  site: SiteDisplay;
}
