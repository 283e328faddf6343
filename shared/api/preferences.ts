// How a person reads the dashboard: language and temperature unit. The site has a default for each
// (config `site.language`, `site.temperatureUnit`); a user's own choice, when she made one, wins.
// Temperatures are always stored and sent in °C; only the page converts.
import { z } from "zod";

/** the dashboard's message catalogues (dashboard/src/i18n/): adding one adds its code here */
export const LANGUAGES = ["en", "fr"] as const;
export type Language = (typeof LANGUAGES)[number];

export const TEMPERATURE_UNITS = ["C", "F"] as const;
export type TemperatureUnit = (typeof TEMPERATURE_UNITS)[number];

/** the site's defaults, sent with the signed-in user so the page needs no second call */
export interface SiteDisplay {
  /** IANA time zone: where the site's days start and end */
  timeZone: string;
  language: Language;
  temperatureUnit: TemperatureUnit;
}

/** what a user chose herself; a missing field follows the site */
export interface UserPreferences {
  language?: Language;
  temperatureUnit?: TemperatureUnit;
}

/** POST /api/me/preferences: null clears a choice (back to the site's default) */
export const PreferencesBody = z.strictObject({
  language: z.enum(LANGUAGES).nullable().optional(),
  temperatureUnit: z.enum(TEMPERATURE_UNITS).nullable().optional(),
});
