// An alert's sentence as its reader reads it: made from the rule's words in her language, her
// temperature unit and her site's time zone. An alert stored before alerts had words (or raised by
// a rule that gives none) reads in the English message the gateway stored, UTC and °C.
import type { Language } from "../../shared/api/preferences.js";
import { type AlertWordSet, sentence, type WordFormat } from "../../shared/rules/wording/alert-words.js";
import { ENGLISH } from "../../shared/rules/wording/alert-words-en.js";
import { dateTime, duration, moment, temp } from "./format.js";
import { FRENCH } from "./i18n/alert-words-fr.js";
import { currentReader } from "./i18n/reader.js";
import type { Alert } from "./types.js";

const SENTENCES: Record<Language, AlertWordSet> = { en: ENGLISH, fr: FRENCH };

const READERS_FORMAT: WordFormat = {
  temp,
  span: duration,
  time: dateTime,
  day: (ms) => moment(ms, { dateStyle: "medium" }),
  number: (n, decimals) =>
    new Intl.NumberFormat(
      currentReader().language,
      decimals === undefined ? {} : { minimumFractionDigits: decimals, maximumFractionDigits: decimals },
    ).format(n),
};

export function alertSentence(alert: Pick<Alert, "message" | "words">): string {
  if (!alert.words) return alert.message;
  return sentence(SENTENCES[currentReader().language], alert.words, READERS_FORMAT);
}
