// What the API's routes answer besides the records themselves: views made for a page (a unit at a
// glance, a chart's readings, a bag's storage log, the daily log) and the answers to actions.
import type { RuleSet, Sourced, StorageProfile, UnitKind } from "../profiles/types.js";
import type { UnitStatus } from "../rules/types.js";
import type {
  Alert,
  Batch,
  BatchMove,
  BatchPhase,
  Device,
  Reading,
  Trip,
  TripReport,
  Unit,
  User,
} from "./records.js";

export type { RuleSet, Sourced, StorageProfile, UnitStatus };

export interface Session {
  token: string;
  user: User;
}

/** a unit at a glance: its profile's limits, latest reading, status, bags and open alerts */
export interface UnitSummary extends Unit {
  profile: {
    id: string;
    name: string;
    kind: UnitKind;
    warningHighC: number;
    criticalHighC: number;
    lowC: number | null;
  } | null;
  latest: { timeMs: number; tempC: number | null; fault: string | null } | null;
  status: UnitStatus;
  batteryV: number | null;
  batches: { count: number; worstPhase: BatchPhase | null };
  openAlerts: number;
}

export interface UnitDetail extends UnitSummary {
  devices: Device[];
}

/** a new sensor's secrets, shown once */
export interface ProvisionedDevice {
  device: Device;
  password: string;
  hmacKey: string;
  /** the same, ready for the sensor: download it for `npm run flash -- --device FILE` */
  firmwareFile: FirmwareFile;
}

/**
 * What a sensor needs to reach the gateway, in the firmware's config format (firmware/devices/*.json).
 * The Wi-Fi is added where the sensor is flashed (never kept by the gateway), and the rest comes from
 * the firmware's defaults (firmware/devices/example.json).
 */
export interface FirmwareFile {
  board: string;
  deviceId: string;
  intervalS: number;
  mqtt: {
    host: string;
    port: number;
    username: string;
    password: string;
    prefix: string;
    keepAliveS: number;
  };
  hmacKey: string;
}

export interface Profiles {
  profiles: StorageProfile[];
  ruleSets: RuleSet[];
  /** the rule set the site runs (bags' use-by counts with it) */
  siteRuleSetId: string | null;
}

/** One downsampled bucket: min and max are kept so that a chart never hides a peak. */
export interface ReadingBucket {
  startMs: number;
  /** readings in the bucket, probe faults (null tempC) included */
  count: number;
  /** of the non-null temperatures only; null when every reading was a fault */
  minC: number | null;
  maxC: number | null;
  meanC: number | null;
}

/** raw readings when few, else buckets */
export type ReadingsSample =
  | { mode: "raw"; bucketMs: null; readings: Reading[] }
  | { mode: "buckets"; bucketMs: number; buckets: ReadingBucket[] };

/** a unit's readings for a chart; fromMs and toMs say what was read (a courier's is cut to her trip) */
export type ReadingsWindow = { unitId: string; fromMs: number; toMs: number } & ReadingsSample;

/**
 * keep: frozen in air that is fine; move-now: still frozen but its unit is warm now;
 * refreeze-use-first: still holds ice where the rule set allows it back into a working freezer;
 * use-within: thawed, or partly thawed where refreezing is not allowed (never refreeze);
 * discard.
 */
export type BatchAction = "keep" | "move-now" | "refreeze-use-first" | "use-within" | "discard";

/** a bag an alert touched, and what to do with it now and by when */
export interface AffectedBatch {
  batchId: string;
  code: string;
  label: string;
  donorId: string | null;
  unitId: string | null;
  phase: BatchPhase;
  iceFraction: number;
  action: BatchAction;
  useByMs: number | null;
}

export interface AlertDetail {
  alert: Alert;
  affectedBatches: AffectedBatch[];
}

/** a bag as it went into a unit, with what the person putting it there should know (the unit is in alarm...) */
export type PlacedBatch = Batch & { warnings: string[] };

/** a stretch of a bag's life in one unit, with the air's min and max there */
export interface BatchStay {
  unitId: string;
  unitName: string;
  fromMs: number;
  /** null while the bag is still there */
  toMs: number | null;
  minC: number | null;
  maxC: number | null;
  readings: number;
}

/** a bag's storage log: where it was, the air there, and the alerts that touched it */
export interface BatchHistory {
  batch: Batch;
  moves: BatchMove[];
  stays: BatchStay[];
  alerts: Alert[];
}

export interface ThawPoint {
  timeMs: number;
  milkTempC: number;
  iceFraction: number;
}

/** a bag's estimated milk temperature and ice over time */
export interface ThawCurve {
  batchId: string;
  fromMs: number;
  toMs: number;
  points: ThawPoint[];
}

/** what a courier picks from when she starts a trip and records a pick-up, by name */
export interface TripChoices {
  /** the site's cool boxes */
  boxes: { id: string; name: string }[];
  /** the donors she may collect from */
  donors: { id: string; displayName: string }[];
}

export interface TripReportAnswer {
  trip: Trip;
  report: TripReport;
}

/** one unit's day (UTC) in the daily min/max log */
export interface DailyRow {
  unitId: string;
  unitName: string;
  /** YYYY-MM-DD, UTC */
  day: string;
  minC: number | null;
  maxC: number | null;
  meanC: number | null;
  readings: number;
  /** null when the unit has no profile, so no limit to be above */
  minutesAbove: { warningHighC: number | null; criticalHighC: number | null };
}

export interface AuditCheck {
  ok: boolean;
  entries: number;
  firstBadSeq?: number;
  reason?: string;
}

/** a reading the gateway refused, kept as received with why */
export interface QuarantinedReading {
  id: number;
  deviceId: string;
  /** the unit the device was in when it sent the reading */
  unitId: string;
  /** its sequence number, or null when it had no usable one */
  seq: number | null;
  /** the reading's JSON as received */
  raw: string;
  /** a protocol reason ("r[].c:not_a_number") or a time one ("future_time") */
  reason: string;
  receivedAtMs: number;
  /** where its own stamp put it in event time, or null when it could not be placed at all */
  placedAtMs: number | null;
}

export interface QuarantineList {
  held: number;
  heldByReason: Record<string, number>;
  /** sensors whose quarantine was full: their further refused readings were counted, not kept */
  overflow: { deviceId: string; count: number; lastAtMs: number }[];
  readings: QuarantinedReading[];
}

export interface QuarantineRelease {
  released: number;
  /** the sequence numbers released, as [from, to] ranges per device */
  releasedSeqs: Record<string, [number, number][]>;
  /** those that stay in the quarantine, with why */
  kept: { id: number; why: string }[];
  offsetS: number;
}

/** a route that answers a CSV file (text/csv) instead of JSON */
export interface CsvFile {
  filename: string;
  text: string;
}
