// An alert's sentence made from its words: in English exactly the message the rules stored before
// they had words (so stored alerts, notices and tests read the same), and in French with no English
// left and every fact in place, for one event of each sentence and variant the rules write.
import { describe, expect, it } from "vitest";
import { FRENCH } from "../../dashboard/src/i18n/alert-words-fr.js";
import { type AlertWords, sentence } from "../../shared/rules/wording/alert-words.js";
import { ENGLISH, UTC_FORMAT } from "../../shared/rules/wording/alert-words-en.js";
import { samples } from "./alert-samples.js";

/** what the rules wrote before the words, one reading at a time (UTC, °C) */
const BEFORE: Record<string, string> = {
  "warmer (warning)":
    "The air in this freezer has been warmer than -18.0 °C for 30 min (now -16.0 °C). Check that the door is shut and the power is on.",
  "warmer (critical)":
    "The air in this freezer has been warmer than -10.0 °C for 30 min (now -5.0 °C). The milk may start to thaw: move the bags to a working freezer or a cool box with ice packs now.",
  colder:
    "The air in this fridge has been colder than 1.0 °C for 30 min (now 0.0 °C). Milk in it may freeze: turn the thermostat up.",
  "warm again inside":
    "The air is back inside its limit (now -19.5 °C) after 41 min; the warmest was -16.0 °C. Check the bags' states before closing this alert.",
  "cold again inside":
    "The air is back inside its limit (now 3.0 °C) after 35 min; the coldest was 0.0 °C. Check the bags' states before closing this alert.",
  "silent, never heard":
    "No reading has come from this freezer's sensor in 31 min: check that it is powered and in reach of Wi-Fi.",
  "silent since a reading":
    "No reading from this freezer's sensor for 30 min (last at 2026-01-10 08:00 UTC): check that it is powered and in reach of Wi-Fi. Its temperature is unknown until it reports.",
  "reporting again": "This freezer's sensor is reporting again; check the chart for the time it was silent.",
  "battery low":
    "The sensor's battery is low (3.20 V): charge or replace it within a day or two, or the sensor will go silent.",
  "battery charged": "The sensor's battery is charged again (3.45 V).",
  "probe power_on_85":
    "The temperature probe in this cool box reads 85 °C, the value it gives before its first measurement: check its cable and plug. The cool box is not watched until it reads again.",
  "probe disconnected":
    "The temperature probe in this cool box reads -127 °C, which means it is not connected: check its cable and plug. The cool box is not watched until it reads again.",
  "probe no_probe":
    "The temperature probe in this cool box was not found on its wire: check its cable and plug. The cool box is not watched until it reads again.",
  "probe crc":
    "The temperature probe in this cool box sends garbled readings: check its cable and plug. The cool box is not watched until it reads again.",
  "probe out_of_range":
    "The temperature probe in this cool box reads an impossible temperature: check its cable and plug. The cool box is not watched until it reads again.",
  "probe silent":
    "The temperature probe in this cool box gives no temperature: check its cable and plug. The cool box is not watched until it reads again.",
  "probe back": "The temperature probe is giving readings again.",
  "partly thawed, may refreeze":
    "The 60 ml bag expressed 2026-01-03 has started to thaw in this cool box: about 2 % of its ice has melted (milk -0.6 °C). While it still holds ice it may go back into a working freezer (CDC / ABM: a family's own milk at home).",
  "partly thawed, may not refreeze":
    "The 60 ml bag expressed 2026-01-03 has started to thaw in this cool box: about 2 % of its ice has melted (milk -0.6 °C). New York State milk bank (10 NYCRR 52-9.6) does not allow it to be refrozen: keep it cold and use it, or discard it.",
  "frozen solid again":
    "The 60 ml bag expressed 2026-01-03 is frozen solid again. It still held ice, which CDC / ABM: a family's own milk at home allows to refreeze.",
  thawed:
    "The 60 ml bag expressed 2026-01-03 has thawed completely at 2026-01-10 10:37 UTC. Keep it in the fridge and use it within 24 h of thawing; never refreeze it.",
  "refrozen after a partial thaw":
    "The 60 ml bag expressed 2026-01-03 has refrozen after a partial thaw, which New York State milk bank (10 NYCRR 52-9.6) does not allow: discard it. Milk that thawed and froze again must not be fed.",
  "refrozen after a thaw":
    "The 60 ml bag expressed 2026-01-03 has refrozen after it had thawed: discard it. Milk that thawed and froze again must not be fed.",
  "thawed, out of time":
    "The 120 ml bag expressed 2026-01-03 began to thaw at 2026-01-10 08:00 UTC; its use-within time ended at 2026-01-10 10:00 UTC. Discard it.",
  "fresh, out of time":
    "The 100 ml bottle expressed 2026-01-10 has been kept unfrozen longer than 96 h, the limit under CDC / ABM: a family's own milk at home: do not feed it; discard it or ask the milk bank.",
  "frozen, out of time":
    "The 150 ml bag expressed 2025-01-10 has been frozen longer than 365 days, the limit under CDC / ABM: a family's own milk at home: do not feed it; discard it or ask the milk bank.",
};

const events = samples();
const wordsOf = (name: string): AlertWords => {
  const words = events[name]?.words;
  if (!words) throw new Error(`${name}: no words`);
  return words;
};

/** words that only English has (the sentence's grammar, the milk and the place) */
const ENGLISH_WORDS =
  /\b(the|this|its|has|have|been|is|was|for|from|with|and|or|but|it|of|in|at|to|now|after|while|until|not|no|bag|bottle|milk|freezer|fridge|cool|box|room|sensor|probe|battery|thaw(ed)?|ice|discard|check|keep|use|within|limit|home|own|banks?|donated)\b/i;

describe("alert sentences from their words", () => {
  it("gives each sentence of the rules one sample here", () => {
    const keys = new Set(Object.values(events).map((e) => e.words?.key));
    expect([...keys].sort()).toEqual(Object.keys(ENGLISH).sort());
    expect(Object.keys(events).sort()).toEqual(Object.keys(BEFORE).sort());
  });

  it.each(Object.keys(BEFORE))(
    "%s: the rule's message is what it was, and is its words in English",
    (name) => {
      expect(events[name]?.message).toBe(BEFORE[name]);
      expect(sentence(ENGLISH, wordsOf(name), UTC_FORMAT)).toBe(BEFORE[name]);
    },
  );

  it.each(Object.keys(BEFORE))("%s: in French, with no English word and every fact", (name) => {
    const words = wordsOf(name);
    const french = sentence(FRENCH, words, UTC_FORMAT);
    expect(BEFORE[name]).toMatch(ENGLISH_WORDS);
    expect(french).not.toMatch(ENGLISH_WORDS);
    for (const [field, value] of Object.entries(words.values)) {
      if (typeof value !== "number") continue;
      if (field.endsWith("C")) expect(french).toContain(UTC_FORMAT.temp(value));
      else if (field === "expressedAtMs") expect(french).toContain(UTC_FORMAT.day(value));
      else if (field === "spanMs" || field === "silentMs") expect(french).toContain(UTC_FORMAT.span(value));
      else if (field.endsWith("Ms")) expect(french).toContain(UTC_FORMAT.time(value));
    }
  });

  it("names a site's own rule set by its name in French, and the shipped ones in French", () => {
    const words = wordsOf("frozen solid again");
    if (words.key !== "bag.frozen-again") throw new Error(words.key);
    const own = { ...words.values, ruleSetId: "bank-7", ruleSet: "Lactarium de Lyon, procédure 12" };
    expect(sentence(FRENCH, { key: words.key, values: own }, UTC_FORMAT)).toContain(
      "« Lactarium de Lyon, procédure 12 »",
    );
    expect(sentence(FRENCH, words, UTC_FORMAT)).toContain("« CDC / ABM : lait d'une famille");
  });
});
