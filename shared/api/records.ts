// The site's records as the HTTP API shows them (docs/api.md). The gateway's store keeps these and
// adds what it never shows (gateway/store/records.ts: a user's password hash, a device's secrets).

import type { ProbeFault } from "../protocol/types.js";
import type {
  BatchPhase,
  BatchSpec,
  BatchThawState,
  EventKind,
  RuleEvent,
  Severity,
} from "../rules/types.js";
import type { NotificationPrefs } from "./notifications.js";
import type { Language, TemperatureUnit } from "./preferences.js";

export type { BatchPhase, EventKind, ProbeFault, Severity };

export const ROLES = ["admin", "staff", "courier", "donor"] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  /** login name */
  name: string;
  displayName: string;
  role: Role;
  /** where alert notices go (docs/notifications.md) */
  email?: string;
  /** E.164, for SMS notices */
  phone?: string;
  /** the channels and quiet hours the user chose */
  notifications?: NotificationPrefs;
  /** can no longer sign in (an admin disabled the account, or a demo login outside demo mode) */
  disabled?: boolean;
  /** the dashboard's language and temperature unit she chose; missing: the site's (preferences.ts) */
  language?: Language;
  temperatureUnit?: TemperatureUnit;
}

/** A freezer, fridge, cool box or room with a profile (limits and durations from guidance). */
export interface Unit {
  id: string;
  name: string;
  /** id of a profile in shared/profiles */
  profileId: string;
  /** the donor who owns it (donors see only their own units) */
  ownerId?: string;
  createdAtMs: number;
}

/** A sensor, without its secrets. */
export interface Device {
  id: string;
  unitId: string;
  /** sampling interval announced to the device, seconds */
  intervalS: number;
  board?: string;
  /** the firmware version its last birth message named */
  firmware?: string;
  /** its Wi-Fi signal in its last readings message, dBm */
  rssiDbm?: number;
  online: boolean;
  lastSeenMs?: number;
  /** highest sequence such that it and every sequence before it are stored */
  ackedUpTo: number;
  /** readings the device says it dropped (its flash was full), in all since it was flashed */
  droppedReadings?: number;
  createdAtMs: number;
  /** when an admin retired it: it can no longer connect (its readings stay) */
  retiredAtMs?: number;
}

/** One reading of a unit's air as stored, in event time. */
export interface Reading {
  deviceId: string;
  unitId: string;
  /** per-device sequence number */
  seq: number;
  timeMs: number;
  /** null when the probe gave no temperature (see fault) */
  tempC: number | null;
  fault?: ProbeFault;
  batteryV?: number;
  rssiDbm?: number;
}

/** A bag or bottle; its thaw state travels with it from unit to unit. */
export interface Batch extends BatchSpec {
  /** the short code on its label (`K7Q-4MY`, shared/bags/code.ts): what people type, scan and read */
  code: string;
  label: string;
  donorId?: string;
  /** where it is now; null once handed out, used or discarded */
  unitId: string | null;
  thaw: BatchThawState;
  createdAtMs: number;
}

export interface BatchMove {
  batchId: string;
  fromUnitId: string | null;
  toUnitId: string | null;
  atMs: number;
  by: string;
  note?: string;
}

export interface Pickup {
  donorId: string;
  /** when the bags went into the box (the courier may record it afterwards) */
  atMs: number;
  batchIds: string[];
  /** each bag's estimated state as it went into the box: the trip report replays the box's air from here */
  thawAtPickup?: Record<string, BatchThawState>;
}

/** a stretch of the trip with no reading of the box's air */
export interface TripGap {
  fromMs: number;
  toMs: number;
}

export type TripVerdict = "accept" | "review" | "reject";

export interface TripReport {
  fromMs: number;
  toMs: number;
  minC: number | null;
  maxC: number | null;
  /** minutes above each limit of the box's profile, keyed by limit name */
  minutesAbove: Record<string, number>;
  /** every bag's state at hand-over */
  batches: {
    batchId: string;
    /** the bag's label code; reports made before bags had codes have none */
    code?: string;
    label: string;
    phase: string;
    iceFraction: number;
    stayedFrozen: boolean;
  }[];
  verdict: TripVerdict;
  reasons: string[];
  /** 1 at hand-over, one more each time readings arriving later change the report */
  version: number;
  computedAtMs: number;
  /** true until the box's readings cover the whole trip; the gaps say what is missing */
  provisional: boolean;
  gaps: TripGap[];
}

export const RECEPTION_DECISIONS = ["accepted", "rejected"] as const;
export type ReceptionDecision = (typeof RECEPTION_DECISIONS)[number];

export interface Trip {
  id: string;
  courierId: string;
  /** the cool box */
  boxUnitId: string;
  startedAtMs: number;
  endedAtMs?: number;
  pickups: Pickup[];
  /** the latest version of the report */
  report?: TripReport;
  /** the versions the latest replaced, oldest first */
  earlierReports?: TripReport[];
  reception?: {
    decision: ReceptionDecision;
    by: string;
    atMs: number;
    comment: string;
    /** the version of the report the decision was made on */
    reportVersion: number;
  };
}

export const ALERT_STATES = ["open", "acknowledged", "resolved"] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export interface Alert {
  id: string;
  /** the rule event key: one alert per condition */
  key: string;
  kind: EventKind;
  severity: Severity;
  unitId: string;
  batchId?: string;
  state: AlertState;
  /** the rule's sentence in English, UTC and °C (what alerts stored before `words` read in) */
  message: string;
  /** the same sentence as data, written in each reader's language, unit and time zone */
  words?: RuleEvent["words"];
  details?: RuleEvent["details"];
  openedAtMs: number;
  /** when the rule said the condition ended (an alert stays until a person resolves it) */
  clearedAtMs?: number;
  ack?: { by: string; atMs: number; comment: string };
  resolution?: { by: string; atMs: number; correctiveAction: string };
  /** 0 = first notice; each unanswered repeat raises it */
  escalationLevel: number;
  lastNotifiedAtMs: number;
  /** each crossing of the episode and each change of severity, in event time and arrival time */
  history?: AlertChange[];
}

export interface AlertChange {
  change: "opened" | "raised-again" | "severity" | "cleared";
  severity: Severity;
  /** when it happened at the unit (a backlog's crossings keep their own times) */
  eventAtMs: number;
  /** when the gateway learnt it */
  arrivedAtMs: number;
  airC?: number;
}

/** One line of the append-only audit trail; `hash` chains it to the line before. */
export interface AuditEntry {
  seq: number;
  atMs: number;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}
