// Numbers the rules need that no storage guidance gives: they describe sensors, batteries and the
// thaw model's resolution, not milk. Guidance numbers (limits, delays, durations) live in
// shared/profiles with their sources; these are the project's own choices, each with its reason.

/**
 * A sensor is silent after this many missed readings, and never sooner than the profile's alarm
 * delay: a Wi-Fi blip or one lost message is not an outage.
 */
export const SILENT_AFTER_INTERVALS = 3;

/**
 * Battery low below 3.3 V: a single Li-ion cell (the ESP boards' battery) has about a tenth of its
 * charge left there. A Puck.js reports percent over BLE, not volts: its relay must not pass that
 * as batteryV.
 */
export const BATTERY_LOW_V = 3.3;
/** the battery must recover this far above the limit before the alert clears (a cold cell sags) */
export const BATTERY_HYSTERESIS_V = 0.1;

/** Probe faults in a row before an alert: one 85 C power-up reading is retried by the firmware. */
export const PROBE_FAULTS_TO_ALERT = 2;

/**
 * A bag counts as partially thawed once 2 % of its ice has melted: the thaw model is an estimate,
 * and a rounding-size melt from a minute at the freezing point is not a softened bag.
 */
export const PARTIAL_THAW_ICE_FRACTION = 0.98;
/** ice forming again in a thawed bag (or growing in a partly thawed one) by this much is refreezing */
export const REFREEZE_ICE_GAIN = 0.02;

/**
 * While every bag is solid and the air stays below this, bags are stepped once per
 * FROZEN_STEP_MS with the mean air of that spell (the model is linear there, and a year of
 * 1-minute readings with 100 bags stays well under a second).
 */
export const FROZEN_STEP_MAX_AIR_C = -5;
export const FROZEN_STEP_MS = 30 * 60_000;

/**
 * Readings up to this much older than the newest one are merged into the unit's history and the
 * rules re-run from a snapshot; older ones are stored but leave the rules as they are.
 * Late readings sent in order (a cool box uploading after hours offline) need no window at all.
 */
export const REORDER_WINDOW_MS = 60 * 60_000;

/**
 * A condition that clears and comes back within this time is the same episode, the same alert: a
 * freezer hovering at its limit crosses it several times a day, and the people handling it have one
 * problem, not dozens. A day without it is a new episode. No guidance gives a number: half a day
 * keeps a day's flapping together and lets a problem that comes back tomorrow be told as new.
 */
export const EPISODE_REARM_MS = 12 * 60 * 60_000;
