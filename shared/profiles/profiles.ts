// Where milk is kept. Every number cites its source in docs/sources.md (docs/sources.md#<anchor>) and
// its tag: [P] the body's own text, [S] a secondary copy, [D] derived here because no guidance gives
// a number (alarm delays, hysteresis, critical levels, the cool box). [U] values are never used.
import type { Sourced, StorageProfile } from "./types.js";

const s = (value: number, source: string): Sourced => ({ value, source });

// No guidance gives a door-open or defrost tolerance ([U]); vaccine
// practice damps spikes with buffered probes. A door opening or a defrost cycle lasts minutes, a
// failing freezer warms for hours: 30 minutes separates them with time to act.
const FREEZER_DELAY = s(
  30,
  "door-open tolerance [U] -> 30 min [D]: door openings and defrost cycles last minutes; buffered probes docs/sources.md#cdc-vaccine-loggers [S]",
);
const FRIDGE_DELAY = s(
  30,
  "door-open tolerance [U] -> 30 min [D], as for freezers; buffered probes docs/sources.md#cdc-vaccine-loggers [S]",
);
const FREEZER_HYSTERESIS = s(
  1,
  "[D] 1 C back inside the limit, so compressor cycling at the limit does not flap",
);
const FRIDGE_HYSTERESIS = s(
  0.5,
  "[D] 0.5 C, the +-0.5 C accuracy of a vaccine data logger (docs/sources.md#cdc-vaccine-loggers [S])",
);
// A sensor reports every minute by default; guidance asks for a reading at least every 15-30 min.
const INTERVAL = s(
  60,
  "firmware default 60 s; a reading at least every 15-30 min: docs/sources.md#cdc-vaccine-loggers [S], docs/sources.md#testo [vendor]",
);
// Frozen milk starts to soften as its air nears the freezing point (about -0.55 C, [D]);
// critical when the air is within 10 C of it, where bags begin to lose ice within hours.
const FREEZER_CRITICAL = s(
  -10,
  "[D] air within ~10 C of milk's freezing point -0.55 C (docs/sources.md#soto-mendez-2016 [D])",
);

export const PROFILES: Record<string, StorageProfile> = {
  "home-freezer": {
    id: "home-freezer",
    name: "Home freezer (family's own milk)",
    kind: "freezer",
    warningHighC: s(
      -18,
      "docs/sources.md#cdc-flyer [S] freezer 0 F (-18 C) or colder; docs/sources.md#cdc-faq [P] 0 F or below",
    ),
    criticalHighC: FREEZER_CRITICAL,
    alarmDelayMin: FREEZER_DELAY,
    hysteresisC: FREEZER_HYSTERESIS,
    intervalS: INTERVAL,
  },
  "donor-freezer": {
    id: "donor-freezer",
    name: "Donor's home freezer (milk for a bank)",
    kind: "freezer",
    warningHighC: s(
      -18,
      "docs/sources.md#nice-cg93 [P] donor freezer -18 C or lower; docs/sources.md#ontario-hmb [P] no warmer than -18 C",
    ),
    criticalHighC: FREEZER_CRITICAL,
    alarmDelayMin: FREEZER_DELAY,
    hysteresisC: FREEZER_HYSTERESIS,
    intervalS: INTERVAL,
  },
  "bank-freezer": {
    id: "bank-freezer",
    name: "Milk bank freezer (raw or pasteurised)",
    kind: "freezer",
    warningHighC: s(
      -20,
      "docs/sources.md#mmbnt [P], docs/sources.md#mmbne [P], docs/sources.md#ontario-hmb [P] -20 C or colder; docs/sources.md#nycrr-52-9-6 [P] -20 C or below",
    ),
    criticalHighC: FREEZER_CRITICAL,
    alarmDelayMin: FREEZER_DELAY,
    hysteresisC: FREEZER_HYSTERESIS,
    intervalS: INTERVAL,
  },
  fridge: {
    id: "fridge",
    name: "Refrigerator",
    kind: "fridge",
    warningHighC: s(
      4,
      "docs/sources.md#cdc-faq [P] fridge 40 F (4 C) or below; docs/sources.md#wac-246-720 [P] 1-4 C",
    ),
    criticalHighC: s(6, "docs/sources.md#nycrr-52-9-6 [P] liquid milk 1-6 C: above 6 C no rule allows it"),
    lowC: s(1, "docs/sources.md#wac-246-720 [P] refrigerator 1-4 C; docs/sources.md#nycrr-52-9-6 [P] 1-6 C"),
    alarmDelayMin: FRIDGE_DELAY,
    hysteresisC: FRIDGE_HYSTERESIS,
    intervalS: INTERVAL,
  },
  "thawing-fridge": {
    id: "thawing-fridge",
    name: "Thawing fridge (milk bank)",
    kind: "fridge",
    warningHighC: s(4, "docs/sources.md#wac-246-720 [P] 1-4 C; docs/sources.md#mmbnt [P] thaw in the fridge"),
    criticalHighC: s(6, "docs/sources.md#nycrr-52-9-6 [P] liquid milk 1-6 C"),
    lowC: s(1, "docs/sources.md#wac-246-720 [P] 1-4 C"),
    alarmDelayMin: FRIDGE_DELAY,
    hysteresisC: FRIDGE_HYSTERESIS,
    intervalS: INTERVAL,
  },
  "cool-box": {
    id: "cool-box",
    name: "Courier cool box",
    kind: "cool-box",
    // NICE asks each bank to set transport limits so that milk "remains frozen" and gives no number
    // (docs/sources.md#nice-cg93 [P]; no bank's number found [U]); these defaults are for a bank to override.
    warningHighC: s(
      -15,
      "docs/sources.md#nice-cg93 [P] 1.2.44 milk must remain frozen, no number; transport limit [U] -> -15 C [D]",
    ),
    criticalHighC: s(
      -5,
      "docs/sources.md#nice-cg93 [P], transport limit [U] -> -5 C [D]: bags lose ice within hours above it",
    ),
    alarmDelayMin: s(15, "[D] 15 min: a lid opened at a door takes a minute or two; a trip is short"),
    hysteresisC: FREEZER_HYSTERESIS,
    intervalS: INTERVAL,
    silentAfterMin: s(
      360,
      "[D] design: the box logs while out of network reach on a round of hours and uploads at hand-over",
    ),
  },
  room: {
    id: "room",
    name: "Room (milk out for a feed)",
    kind: "room",
    warningHighC: s(25, "docs/sources.md#cdc-flyer [S] countertop 25 C (77 F) or colder"),
    criticalHighC: s(
      30,
      "[D] analogy: WHO 10-day indicator threshold 30 C (docs/sources.md#who-pqs-e006 [S])",
    ),
    alarmDelayMin: FRIDGE_DELAY,
    hysteresisC: FREEZER_HYSTERESIS,
    intervalS: INTERVAL,
  },
};
