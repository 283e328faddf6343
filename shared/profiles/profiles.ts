// Where milk is kept. Every number names its row in ../shared/guidelines.md (beside the project) and
// its tag: [P] the body's own text, [S] a secondary copy, [D] derived here because no guidance gives
// a number (alarm delays, hysteresis, critical levels, the cool box). [U] values are never used.
import type { Sourced, StorageProfile } from "./types.js";

const s = (value: number, source: string): Sourced => ({ value, source });

// No guidance gives a door-open or defrost tolerance (guidelines 2 "Door-open spike" [U]); vaccine
// practice damps spikes with buffered probes. A door opening or a defrost cycle lasts minutes, a
// failing freezer warms for hours: 30 minutes separates them with time to act.
const FREEZER_DELAY = s(
  30,
  "guidelines 2 door-open spike [U] -> 30 min [D]: door openings and defrost cycles last minutes",
);
const FRIDGE_DELAY = s(30, "guidelines 2 door-open spike [U] -> 30 min [D], as for freezers");
const FREEZER_HYSTERESIS = s(
  1,
  "[D] 1 C back inside the limit, so compressor cycling at the limit does not flap",
);
const FRIDGE_HYSTERESIS = s(
  0.5,
  "[D] 0.5 C, the +-0.5 C accuracy of a vaccine data logger (guidelines 3 CDC logger [S])",
);
// A sensor reports every minute by default; guidance asks for a reading at least every 15-30 min.
const INTERVAL = s(
  60,
  "firmware default 60 s; guidelines 3 logging at least every 15-30 min (CDC logger [S], testo [vendor])",
);
// Frozen milk starts to soften as its air nears the freezing point (about -0.55 C, guidelines 2 [D]);
// critical when the air is within 10 C of it, where bags begin to lose ice within hours.
const FREEZER_CRITICAL = s(
  -10,
  "[D] air within ~10 C of milk's freezing point -0.55 C (guidelines 2 freezing point [D])",
);

export const PROFILES: Record<string, StorageProfile> = {
  "home-freezer": {
    id: "home-freezer",
    name: "Home freezer (family's own milk)",
    kind: "freezer",
    warningHighC: s(-18, "guidelines 1#3 CDC freezer 0 F (-18 C) or colder [S]; CDC FAQ [P]"),
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
      "guidelines 1#13 NICE CG93 IFP -18 C or lower [P]; 1#15 Ontario no warmer than -18 C [P]",
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
      "guidelines 1#20 HMBANA member banks -20 C or colder [P]; 1#21 10 NYCRR 52-9.6(c) [P]",
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
    warningHighC: s(4, "guidelines 1#2 CDC fridge 40 F (4 C) or below [P]; 1#23 WAC 246-720-070 1-4 C [P]"),
    criticalHighC: s(
      6,
      "guidelines 1#22 10 NYCRR 52-9.6(c) liquid milk 1-6 C [P]: above 6 C no rule allows it",
    ),
    lowC: s(1, "guidelines 1#23 WAC 246-720-070 refrigerator 1-4 C [P]; 1#22 NY 1-6 C [P]"),
    alarmDelayMin: FRIDGE_DELAY,
    hysteresisC: FRIDGE_HYSTERESIS,
    intervalS: INTERVAL,
  },
  "thawing-fridge": {
    id: "thawing-fridge",
    name: "Thawing fridge (milk bank)",
    kind: "fridge",
    warningHighC: s(4, "guidelines 1#23 WAC 246-720-070 1-4 C [P]; 2 MMBNT fridge thaw [P]"),
    criticalHighC: s(6, "guidelines 1#22 10 NYCRR 52-9.6(c) liquid milk 1-6 C [P]"),
    lowC: s(1, "guidelines 1#23 WAC 246-720-070 1-4 C [P]"),
    alarmDelayMin: FRIDGE_DELAY,
    hysteresisC: FRIDGE_HYSTERESIS,
    intervalS: INTERVAL,
  },
  "cool-box": {
    id: "cool-box",
    name: "Courier cool box",
    kind: "cool-box",
    // NICE asks each bank to set transport limits so that milk "remains frozen" and gives no number
    // (guidelines 1#16 [P], 1#19 [U]); these defaults are for a bank to override.
    warningHighC: s(
      -15,
      "guidelines 1#16 NICE 1.2.44 milk must remain frozen, no number [P]; 1#19 [U] -> -15 C [D]",
    ),
    criticalHighC: s(-5, "guidelines 1#16 [P], 1#19 [U] -> -5 C [D]: bags lose ice within hours above it"),
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
    warningHighC: s(25, "guidelines 1#1 CDC countertop 25 C (77 F) or colder [S]"),
    criticalHighC: s(30, "[D] analogy: WHO 10-day indicator threshold 30 C (guidelines 3 WHO E006 [S])"),
    alarmDelayMin: FRIDGE_DELAY,
    hysteresisC: FREEZER_HYSTERESIS,
    intervalS: INTERVAL,
  },
};
