// The alert sentences in English, the only place they are worded: the rules fill an event's
// `message` with them in UTC and °C, and an English reader's page writes them in her own zone and unit.
import type { UnitKind } from "../../profiles/types.js";
import type { ProbeFault } from "../../protocol/types.js";
import type { AlertWordSet, AlertWords, BagNamed, WordFormat } from "./alert-words.js";
import { sentence } from "./alert-words.js";
import { celsius, span, utcDay, utcMinute } from "./phrases.js";

const PLACE: Record<UnitKind, string> = {
  freezer: "freezer",
  fridge: "fridge",
  "cool-box": "cool box",
  room: "room",
};

// a DS18B20's own values, as its datasheet gives them, whatever the reader's unit
const WHAT: Record<ProbeFault, string> = {
  power_on_85: "reads 85 °C, the value it gives before its first measurement",
  disconnected: "reads -127 °C, which means it is not connected",
  no_probe: "was not found on its wire",
  crc: "sends garbled readings",
  out_of_range: "reads an impossible temperature",
};

const WIFI = "check that it is powered and in reach of Wi-Fi";
const REFROZEN = "Milk that thawed and froze again must not be fed.";

function bag(b: BagNamed, f: WordFormat): string {
  return `The ${f.number(b.volumeMl)} ml ${b.container === "bottle" ? "bottle" : "bag"} expressed ${f.day(b.expressedAtMs)}`;
}

/** why a refrozen bag must go (its sentence, and the bag's discard reason) */
export function refrozenReason(after: "partial-thaw" | "thaw", ruleSet: string): string {
  return after === "partial-thaw"
    ? `refrozen after a partial thaw, which ${ruleSet} does not allow`
    : "refrozen after it had thawed";
}

/** why a bag kept too long must go (its sentence, and the bag's discard reason) */
export function expiredReason(kept: "fresh" | "frozen", limit: number, f: WordFormat): string {
  return kept === "fresh"
    ? `kept unfrozen longer than ${f.number(limit)} h`
    : `frozen longer than ${f.number(limit)} days`;
}

export const ENGLISH: AlertWordSet = {
  "excursion.raised": (v, f) => {
    const todo =
      v.side === "low"
        ? "Milk in it may freeze: turn the thermostat up."
        : v.critical
          ? "The milk may start to thaw: move the bags to a working freezer or a cool box with ice packs now."
          : "Check that the door is shut and the power is on.";
    const how = v.side === "high" ? "warmer" : "colder";
    return `The air in this ${PLACE[v.place]} has been ${how} than ${f.temp(v.limitC)} for ${f.span(v.spanMs)} (now ${f.temp(v.airC)}). ${todo}`;
  },
  "excursion.cleared": (v, f) =>
    `The air is back inside its limit (now ${f.temp(v.airC)}) after ${f.span(v.spanMs)}; the ${v.side === "high" ? "warmest" : "coldest"} was ${f.temp(v.peakC)}. Check the bags' states before closing this alert.`,
  "silence.raised": (v, f) =>
    v.lastReadingMs === null
      ? `No reading has come from this ${PLACE[v.place]}'s sensor in ${f.span(v.silentMs)}: ${WIFI}.`
      : `No reading from this ${PLACE[v.place]}'s sensor for ${f.span(v.silentMs)} (last at ${f.time(v.lastReadingMs)}): ${WIFI}. Its temperature is unknown until it reports.`,
  "silence.cleared": (v) =>
    `This ${PLACE[v.place]}'s sensor is reporting again; check the chart for the time it was silent.`,
  "battery.raised": (v, f) =>
    `The sensor's battery is low (${f.number(v.volts, 2)} V): charge or replace it within a day or two, or the sensor will go silent.`,
  "battery.cleared": (v, f) => `The sensor's battery is charged again (${f.number(v.volts, 2)} V).`,
  "probe.raised": (v) =>
    `The temperature probe in this ${PLACE[v.place]} ${v.fault ? WHAT[v.fault] : "gives no temperature"}: check its cable and plug. The ${PLACE[v.place]} is not watched until it reads again.`,
  "probe.cleared": () => "The temperature probe is giving readings again.",
  "bag.partly-thawed": (v, f) => {
    const rule = v.mayRefreeze
      ? `While it still holds ice it may go back into a working freezer (${v.ruleSet}).`
      : `${v.ruleSet} does not allow it to be refrozen: keep it cold and use it, or discard it.`;
    return `${bag(v, f)} has started to thaw in this ${PLACE[v.place]}: about ${f.number(v.meltedPercent)} % of its ice has melted (milk ${f.temp(v.milkC)}). ${rule}`;
  },
  "bag.frozen-again": (v, f) =>
    `${bag(v, f)} is frozen solid again. It still held ice, which ${v.ruleSet} allows to refreeze.`,
  "bag.thawed": (v, f) => {
    const when = v.thawedAtMs === null ? "" : ` at ${f.time(v.thawedAtMs)}`;
    return `${bag(v, f)} has thawed completely${when}. Keep it in the fridge and use it within ${f.number(v.useWithinH)} h of thawing; never refreeze it.`;
  },
  "bag.refrozen": (v, f) => `${bag(v, f)} has ${refrozenReason(v.after, v.ruleSet)}: discard it. ${REFROZEN}`,
  "bag.thaw-limit": (v, f) =>
    `${bag(v, f)} began to thaw at ${f.time(v.thawFromMs)}; its use-within time ended at ${f.time(v.useByMs)}. Discard it.`,
  "bag.expired": (v, f) =>
    `${bag(v, f)} has been ${expiredReason(v.kept, v.limit, f)}, the limit under ${v.ruleSet}: do not feed it; discard it or ask the milk bank.`,
};

/** how the gateway writes facts: UTC and °C, the same on every machine and in every replay */
export const UTC_FORMAT: WordFormat = {
  temp: celsius,
  span,
  time: utcMinute,
  day: utcDay,
  number: (n, decimals) => (decimals === undefined ? String(n) : n.toFixed(decimals)),
};

/** a rule event's words and the English message the gateway stores with them */
export function worded(words: AlertWords): { words: AlertWords; message: string } {
  return { words, message: sentence(ENGLISH, words, UTC_FORMAT) };
}
