// How long milk may be kept, by whose rules. A site picks one; a bank overrides what its own
// procedures say. Sources name their row in ../shared/guidelines.md and its tag; [U] is never used:
// where the named body gives no number, the value comes from the closest published one and says so.
import type { RuleSet, Sourced } from "./types.js";

const s = (value: number, source: string): Sourced => ({ value, source });

// "Slushy or has any ice crystals ... still considered frozen" (BCW 2006 citing HMBANA 2005) and the
// CDC power-outage wording both allow refreezing a bag that still holds ice.
const PARTIAL_THAW_MAY_REFREEZE =
  "guidelines 2 'still frozen' BCW 2006 citing HMBANA 2005 [S]; CDC FAQ power outage wording [S]";

export const RULE_SETS: Record<string, RuleSet> = {
  "cdc-home": {
    id: "cdc-home",
    name: "CDC / ABM: a family's own milk at home",
    frozenMaxDays: s(365, "guidelines 1#3 CDC freezer: 6 months best, 12 months acceptable [S]"),
    thawedColdMaxH: s(
      24,
      "guidelines 2 thawed milk in the refrigerator up to 1 day, CDC flyer [S], ABM 2017 [S]",
    ),
    thawedRoomMaxH: s(2, "guidelines 2 thawed milk at room temperature 1-2 h, CDC flyer [S]"),
    freshFridgeMaxH: s(96, "guidelines 1#2 CDC fresh milk in the refrigerator up to 4 days [S]"),
    partialThawMayRefreeze: true,
    partialThawSource: PARTIAL_THAW_MAY_REFREEZE,
  },
  "nice-ukamb": {
    id: "nice-ukamb",
    name: "NICE CG93 / UKAMB: donated milk (UK)",
    frozenMaxDays: s(90, "guidelines 1#13 NICE CG93 IFP donor freezer up to 3 months [P]"),
    // NICE/UKAMB give no thawed use-by (guidelines 2 [U]): the shortest published figure stands in.
    thawedColdMaxH: s(
      24,
      "guidelines 2 NICE thawed use-by [U] -> CDC 24 h in the fridge [S], the shortest published",
    ),
    thawedRoomMaxH: s(
      2,
      "guidelines 2 NICE [U] -> CDC 1-2 h at room temperature [S], the shortest published",
    ),
    freshFridgeMaxH: s(24, "guidelines 1#11 NICE CG93 IFP freeze within 24 h of expression [P]"),
    partialThawMayRefreeze: true,
    partialThawSource: PARTIAL_THAW_MAY_REFREEZE,
  },
  hmbana: {
    id: "hmbana",
    name: "HMBANA member banks: donated milk (US/Canada)",
    // HMBANA-wide numbers are [U] (guidelines 4.1); the member banks' own pages are [P].
    frozenMaxDays: s(
      90,
      "guidelines 1#15 MMBNE and Ontario: under 3 months in a fridge-freezer [P] (HMBANA-wide [U])",
    ),
    thawedColdMaxH: s(
      24,
      "guidelines 2 MMBNT thawed PDHM 24 h from completed thaw [P] (HMBANA 24 vs 48 h [U])",
    ),
    thawedRoomMaxH: s(4, "guidelines 2 MMBNT cold-thawed milk 4 h at room temperature [P]"),
    freshFridgeMaxH: s(
      96,
      "guidelines 1#15 Minnesota: frozen within 4 days [P]; 1#12 WAC 246-720-040 96 h [P]",
    ),
    partialThawMayRefreeze: true,
    partialThawSource: PARTIAL_THAW_MAY_REFREEZE,
  },
  "ny-bank": {
    id: "ny-bank",
    name: "New York State milk bank (10 NYCRR 52-9.6)",
    frozenMaxDays: s(183, "guidelines 1#21 10 NYCRR 52-9.6(c) frozen at most 6 months [P]"),
    thawedColdMaxH: s(48, "guidelines 2 10 NYCRR 52-9.6(c) use within 48 h of thawing [P]"),
    thawedRoomMaxH: s(4, "guidelines 2 MMBNT cold-thawed milk 4 h at room temperature [P] (NY gives none)"),
    freshFridgeMaxH: s(96, "guidelines 1#12 WAC 246-720-040 96 h before freezing [P] (NY gives none)"),
    // NY: milk "must be protected from thawing and refreezing" (guidelines 2 [P]).
    partialThawMayRefreeze: false,
    partialThawSource: "guidelines 2 10 NYCRR 52-9.6(c) protected from thawing and refreezing [P]",
  },
};
