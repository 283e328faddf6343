// Who is reading, as far as the words on screen go: her language and temperature unit (her own
// choice, else the site's) and the site's time zone, set once she is signed in (main.ts). Dates and
// numbers are formatted by Intl in her language, times in the site's zone.
import { LANGUAGES, type Language, type TemperatureUnit } from "../../../shared/api/preferences.js";
import type { Me } from "../types.js";
import { en, type Messages, type Plural } from "./en.js";
import { fr } from "./fr.js";

const CATALOGUES: Record<Language, Messages> = { en, fr };

interface Reader {
  language: Language;
  temperatureUnit: TemperatureUnit;
  timeZone: string;
}

let reader: Reader = {
  language: "en",
  temperatureUnit: "C",
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
};

export function setReader(me: Me): void {
  reader = {
    language: me.language ?? me.site.language,
    temperatureUnit: me.temperatureUnit ?? me.site.temperatureUnit,
    timeZone: me.site.timeZone,
  };
}

/** before anyone signs in (the sign-in and first-admin pages): the browser's first language there are words for */
export function readAsBrowser(browserLanguages: readonly string[]): Language {
  const spoken = browserLanguages.map((tag) => tag.slice(0, 2).toLowerCase());
  reader = { ...reader, language: LANGUAGES.find((l) => spoken.includes(l)) ?? "en" };
  return reader.language;
}

export const currentReader = (): Readonly<Reader> => reader;

/** the words in the reader's language */
export const t = (): Messages => CATALOGUES[reader.language];

/** "# bags" with the count in place of #, in the form the language's plural rules pick */
export function plural(words: Plural, count: number): string {
  const form = new Intl.PluralRules(reader.language).select(count);
  return (words[form] ?? words.other).replace("#", new Intl.NumberFormat(reader.language).format(count));
}
