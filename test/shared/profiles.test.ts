import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROFILES_DOC, profilesDoc } from "../../scripts/profiles-doc.js";
import { getProfile, getRuleSet, PROFILES, RULE_SETS, withOverrides } from "../../shared/profiles/index.js";
import type { Sourced } from "../../shared/profiles/types.js";
import { CONTAINERS, FILM_COEFFICIENT_W_PER_M2_K, MILK } from "../../shared/thaw/constants.js";

/** The anchors of docs/sources.md: one per source, `<a id="...">`. */
const ANCHOR_LIST = [
  ...readFileSync(join(import.meta.dirname, "../../docs/sources.md"), "utf8").matchAll(
    /<a id="([^"]+)"><\/a>/g,
  ),
].map((m) => m[1]);
const SOURCE_ANCHORS = new Set(ANCHOR_LIST);
const citedAnchors = (source: string) => [...source.matchAll(/docs\/sources\.md#([\w-]+)/g)].map((m) => m[1]);

const sourcedValues = (record: object): [string, Sourced][] =>
  Object.entries(record).filter(
    (entry): entry is [string, Sourced] =>
      typeof entry[1] === "object" && entry[1] !== null && "source" in entry[1],
  );

describe("storage profiles and rule sets are data with sources", () => {
  it("has every profile the product needs", () => {
    expect(Object.keys(PROFILES).sort()).toEqual(
      [
        "bank-freezer",
        "cool-box",
        "donor-freezer",
        "fridge",
        "home-freezer",
        "room",
        "thawing-fridge",
      ].sort(),
    );
  });

  it("has the rule sets a site can choose", () => {
    expect(Object.keys(RULE_SETS)).toEqual(expect.arrayContaining(["cdc-home", "nice-ukamb", "hmbana"]));
  });

  const everyNumber = [
    ...Object.values(PROFILES).flatMap((p) => sourcedValues(p).map(([k, v]) => [`${p.id}.${k}`, v] as const)),
    ...Object.values(RULE_SETS).flatMap((r) =>
      sourcedValues(r).map(([k, v]) => [`${r.id}.${k}`, v] as const),
    ),
    ...sourcedValues(MILK).map(([k, v]) => [`thaw milk.${k}`, v] as const),
    ...sourcedValues(CONTAINERS).map(([k, v]) => [`thaw containers.${k}`, v] as const),
    ["thaw film coefficient", FILM_COEFFICIENT_W_PER_M2_K] as const,
  ];

  it.each(everyNumber)("%s cites a source in docs/sources.md or says it is derived", (_name, sourced) => {
    expect(Number.isFinite(sourced.value)).toBe(true);
    expect(sourced.source).toMatch(/docs\/sources\.md#|\[D\]/);
  });

  const everyCitation = [
    ...everyNumber.map(([name, sourced]) => [name, sourced.source] as const),
    ...Object.values(RULE_SETS).map((r) => [`${r.id}.partialThawSource`, r.partialThawSource] as const),
  ];

  it.each(everyCitation)("%s cites only sources that docs/sources.md has", (_name, source) => {
    for (const anchor of citedAnchors(source)) expect(SOURCE_ANCHORS, anchor).toContain(anchor);
    expect(source).not.toMatch(/guidelines/);
  });

  it("docs/sources.md gives every source its own anchor", () => {
    expect(ANCHOR_LIST.length).toBeGreaterThan(30);
    expect(SOURCE_ANCHORS.size).toBe(ANCHOR_LIST.length);
  });

  it.each(everyNumber)("%s is not an unconfirmed [U] value used as a default", (_name, sourced) => {
    // a [U] may be mentioned only as the reason another source stands in ("[U] -> ...", "(... [U])")
    const unconfirmedUse = /\[U\]\s*$/.test(sourced.source.trim());
    expect(unconfirmedUse).toBe(false);
  });

  it("a freezer alarms warmer than its storage limit and is critical warmer still", () => {
    for (const p of Object.values(PROFILES))
      expect(p.criticalHighC.value).toBeGreaterThan(p.warningHighC.value);
  });

  it("looks up ids and refuses unknown ones, including inherited object keys", () => {
    expect(getProfile("fridge")?.kind).toBe("fridge");
    expect(getProfile("freezr")).toBeUndefined();
    expect(getProfile("toString")).toBeUndefined();
    expect(getRuleSet("hmbana")?.thawedColdMaxH.value).toBeGreaterThan(0);
    expect(getRuleSet("constructor")).toBeUndefined();
  });

  it("a site override replaces the number and records that the site chose it", () => {
    const bank = getProfile("bank-freezer");
    if (!bank) throw new Error("bank-freezer missing");
    const colder = withOverrides(bank, { warningHighC: -25 }, "St Mary's milk bank");
    expect(colder.warningHighC).toEqual({
      value: -25,
      source: "St Mary's milk bank override (default: -20)",
    });
    expect(colder.criticalHighC).toBe(bank.criticalHighC);
    expect(bank.warningHighC.value).toBe(-20);
  });
});

describe("docs/profiles.md", () => {
  it("lists every profile and rule-set number with its source, as the data has them now", () => {
    // the formatter aligns the tables' columns: compare without that padding
    const unpadded = (md: string) => md.replace(/ *\| */g, "|").replace(/-{3,}/g, "---");
    expect(unpadded(readFileSync(PROFILES_DOC, "utf8"))).toBe(unpadded(profilesDoc()));
  });
});
