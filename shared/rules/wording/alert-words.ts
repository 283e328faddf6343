// An alert's sentence as data: which sentence (a closed set of keys) and the facts it is made of,
// kept with the rule's event and the alert. The gateway stores the English sentence made of them in
// UTC and °C (`message`, the same in every replay); each reader's page makes it again from these
// words in her language, her unit and her site's time zone. A set of sentences is typed against
// this list, so a language that misses one does not compile.
import type { UnitKind } from "../../profiles/types.js";
import type { ProbeFault } from "../../protocol/types.js";
import type { ContainerKind } from "../types.js";

/** a bag or bottle, as a sentence names it */
export interface BagNamed {
  volumeMl: number;
  container: ContainerKind;
  expressedAtMs: number;
}

/** the site's rule set: its id (a translation finds its name by it) and its name */
export interface RuleSetNamed {
  ruleSetId: string;
  ruleSet: string;
}

export interface AlertWordValues {
  "excursion.raised": {
    place: UnitKind;
    side: "high" | "low";
    /** past the critical limit: the milk itself is at risk */
    critical: boolean;
    limitC: number;
    /** how long the air has been past the limit */
    spanMs: number;
    airC: number;
  };
  "excursion.cleared": { side: "high" | "low"; airC: number; spanMs: number; peakC: number };
  "silence.raised": { place: UnitKind; silentMs: number; lastReadingMs: number | null };
  "silence.cleared": { place: UnitKind };
  "battery.raised": { volts: number };
  "battery.cleared": { volts: number };
  "probe.raised": { place: UnitKind; fault: ProbeFault | null };
  "probe.cleared": Record<string, never>;
  "bag.partly-thawed": BagNamed &
    RuleSetNamed & { place: UnitKind; meltedPercent: number; milkC: number; mayRefreeze: boolean };
  "bag.frozen-again": BagNamed & RuleSetNamed;
  "bag.thawed": BagNamed & { thawedAtMs: number | null; useWithinH: number };
  "bag.refrozen": BagNamed & RuleSetNamed & { after: "partial-thaw" | "thaw" };
  "bag.thaw-limit": BagNamed & { thawFromMs: number; useByMs: number };
  /** kept past its limit: unfrozen (hours) or frozen (days) */
  "bag.expired": BagNamed & RuleSetNamed & { kept: "fresh" | "frozen"; limit: number };
}

export type AlertWordKey = keyof AlertWordValues;

export type AlertWords = { [K in AlertWordKey]: { key: K; values: AlertWordValues[K] } }[AlertWordKey];

/** how the facts read: the gateway's is UTC and °C, a page's is its reader's */
export interface WordFormat {
  temp(c: number): string;
  span(ms: number): string;
  /** a moment */
  time(ms: number): string;
  /** a day (when milk was expressed) */
  day(ms: number): string;
  /** a number with that many decimals, or as it is */
  number(n: number, decimals?: number): string;
}

/** every sentence in one language */
export type AlertWordSet = {
  [K in AlertWordKey]: (values: AlertWordValues[K], format: WordFormat) => string;
};

export function sentence(set: AlertWordSet, words: AlertWords, format: WordFormat): string {
  // the key picks the function made for its values (a union TypeScript cannot follow through an index)
  const write = set[words.key] as (values: AlertWords["values"], format: WordFormat) => string;
  return write(words.values, format);
}
