// How long milk may be kept, by whose rules. A site picks one; a bank overrides what its own
// procedures say. Sources cite docs/sources.md#<anchor> and a tag; [U] is never used:
// where the named body gives no number, the value comes from the closest published one and says so.
import type { RuleSet, Sourced } from "./types.js";

const s = (value: number, source: string): Sourced => ({ value, source });

// "Slushy or has any ice crystals ... still considered frozen" (BCW 2006 citing HMBANA 2005) and the
// CDC power-outage wording both allow refreezing a bag that still holds ice.
const PARTIAL_THAW_MAY_REFREEZE =
  "docs/sources.md#bcw-2006 [S] ice crystals = still frozen (citing HMBANA 2005); docs/sources.md#cdc-faq [S] power-outage wording";

export const RULE_SETS: Record<string, RuleSet> = {
  "cdc-home": {
    id: "cdc-home",
    name: "CDC / ABM: a family's own milk at home",
    frozenMaxDays: s(365, "docs/sources.md#cdc-flyer [S] freezer: 6 months best, 12 months acceptable"),
    thawedColdMaxH: s(
      24,
      "docs/sources.md#cdc-flyer [S], docs/sources.md#abm-8-2017 [S] thawed milk in the refrigerator up to 1 day",
    ),
    thawedRoomMaxH: s(2, "docs/sources.md#cdc-flyer [S] thawed milk at room temperature 1-2 h"),
    freshFridgeMaxH: s(96, "docs/sources.md#cdc-flyer [S] fresh milk in the refrigerator up to 4 days"),
    partialThawMayRefreeze: true,
    partialThawSource: PARTIAL_THAW_MAY_REFREEZE,
  },
  "nice-ukamb": {
    id: "nice-ukamb",
    name: "NICE CG93 / UKAMB: donated milk (UK)",
    frozenMaxDays: s(90, "docs/sources.md#nice-cg93 [P] donor freezer up to 3 months"),
    // NICE/UKAMB give no thawed use-by ([U]): the shortest published figure stands in.
    thawedColdMaxH: s(
      24,
      "NICE thawed use-by [U] -> docs/sources.md#cdc-flyer [S] 24 h in the fridge, the shortest published",
    ),
    thawedRoomMaxH: s(
      2,
      "NICE [U] -> docs/sources.md#cdc-flyer [S] 1-2 h at room temperature, the shortest published",
    ),
    freshFridgeMaxH: s(24, "docs/sources.md#nice-cg93 [P] freeze within 24 h of expression"),
    partialThawMayRefreeze: true,
    partialThawSource: PARTIAL_THAW_MAY_REFREEZE,
  },
  hmbana: {
    id: "hmbana",
    name: "HMBANA member banks: donated milk (US/Canada)",
    // HMBANA-wide numbers are [U] (docs/sources.md#hmbana-standards); the member banks' own pages are [P].
    frozenMaxDays: s(
      90,
      "docs/sources.md#mmbne [P], docs/sources.md#ontario-hmb [P] under 3 months in a fridge-freezer (HMBANA-wide [U])",
    ),
    thawedColdMaxH: s(
      24,
      "docs/sources.md#mmbnt [P] thawed PDHM 24 h from completed thaw (HMBANA 24 vs 48 h [U])",
    ),
    thawedRoomMaxH: s(4, "docs/sources.md#mmbnt [P] cold-thawed milk 4 h at room temperature"),
    freshFridgeMaxH: s(
      96,
      "docs/sources.md#minnesota-mmb [P] frozen within 4 days; docs/sources.md#wac-246-720 [P] -040 96 h",
    ),
    partialThawMayRefreeze: true,
    partialThawSource: PARTIAL_THAW_MAY_REFREEZE,
  },
  "ny-bank": {
    id: "ny-bank",
    name: "New York State milk bank (10 NYCRR 52-9.6)",
    frozenMaxDays: s(183, "docs/sources.md#nycrr-52-9-6 [P] (c) frozen at most 6 months"),
    thawedColdMaxH: s(48, "docs/sources.md#nycrr-52-9-6 [P] (c) use within 48 h of thawing"),
    thawedRoomMaxH: s(
      4,
      "docs/sources.md#mmbnt [P] cold-thawed milk 4 h at room temperature (NY gives none)",
    ),
    freshFridgeMaxH: s(96, "docs/sources.md#wac-246-720 [P] -040 96 h before freezing (NY gives none)"),
    // NY: milk "must be protected from thawing and refreezing" (docs/sources.md#nycrr-52-9-6 [P]).
    partialThawMayRefreeze: false,
    partialThawSource: "docs/sources.md#nycrr-52-9-6 [P] (c) protected from thawing and refreezing",
  },
};
