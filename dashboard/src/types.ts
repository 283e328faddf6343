// The shapes the gateway's API answers with (docs/api.md). The dashboard speaks HTTP only and never
// imports gateway code, so these are written from that page.

export type Role = "admin" | "staff" | "courier" | "donor";
export interface User {
  id: string;
  name: string;
  displayName: string;
  role: Role;
}

export type UnitStatus = "ok" | "warning" | "critical" | "silent";
export type Phase = "fresh" | "frozen" | "partially-thawed" | "thawed" | "expired" | "discard";

export interface UnitSummary {
  id: string;
  name: string;
  profileId: string;
  ownerId?: string;
  createdAtMs: number;
  profile: {
    id: string;
    name: string;
    kind: "freezer" | "fridge" | "cool-box" | "room";
    warningHighC: number;
    criticalHighC: number;
    lowC: number | null;
  } | null;
  latest: { timeMs: number; tempC: number | null; fault: string | null } | null;
  status: UnitStatus;
  batteryV: number | null;
  batches: { count: number; worstPhase: Phase | null };
  openAlerts: number;
}

export interface Sourced {
  value: number;
  source: string;
}
export interface StorageProfile {
  id: string;
  name: string;
  kind: string;
  warningHighC: Sourced;
  criticalHighC: Sourced;
  lowC?: Sourced;
  alarmDelayMin: Sourced;
  intervalS: Sourced;
}
export interface RuleSet {
  id: string;
  name: string;
  frozenMaxDays: Sourced;
  thawedColdMaxH: Sourced;
  freshFridgeMaxH: Sourced;
  partialThawMayRefreeze: boolean;
}
export interface Profiles {
  profiles: StorageProfile[];
  ruleSets: RuleSet[];
  siteRuleSetId: string | null;
}

export interface RawReading {
  timeMs: number;
  tempC: number | null;
  fault: string | null;
}
export interface Bucket {
  startMs: number;
  count: number;
  minC: number | null;
  maxC: number | null;
  meanC: number | null;
}
export type ReadingsWindow = { unitId: string; fromMs: number; toMs: number } & (
  | { mode: "raw"; bucketMs: null; readings: RawReading[] }
  | { mode: "buckets"; bucketMs: number; buckets: Bucket[] }
);

export type AlertState = "open" | "acknowledged" | "resolved";
export type Severity = "info" | "warning" | "critical";
export interface Alert {
  id: string;
  kind: string;
  severity: Severity;
  unitId: string;
  batchId?: string;
  state: AlertState;
  message: string;
  details?: Record<string, number | string | boolean | null>;
  openedAtMs: number;
  clearedAtMs?: number;
  ack?: { by: string; atMs: number; comment: string };
  resolution?: { by: string; atMs: number; correctiveAction: string };
  escalationLevel: number;
}
export type BagAction = "keep" | "use-within" | "discard";
export interface AffectedBag {
  batchId: string;
  label: string;
  donorId: string | null;
  unitId: string | null;
  phase: Phase;
  iceFraction: number;
  action: BagAction;
  useByMs: number | null;
}

export interface Bag {
  id: string;
  label: string;
  donorId?: string;
  unitId: string | null;
  volumeMl: number;
  container: "flat-bag" | "bottle";
  expressedAtMs: number;
  purpose: "own" | "donation";
  processing: "raw" | "pasteurised";
  thaw: {
    milkTempC: number;
    iceFraction: number;
    phase: Phase;
    thawedAtMs?: number;
    discardReason?: string;
    /** when its time runs out under the site's rule set, as the gateway's rules work it out */
    useByMs?: number;
    lastUpdateMs: number;
  };
  createdAtMs: number;
}
export interface BagHistory {
  batch: Bag;
  moves: { fromUnitId: string | null; toUnitId: string | null; atMs: number; by: string; note?: string }[];
  stays: {
    unitId: string;
    unitName: string;
    fromMs: number;
    toMs: number | null;
    minC: number | null;
    maxC: number | null;
    readings: number;
  }[];
  alerts: Alert[];
}
export interface ThawCurve {
  batchId: string;
  points: { timeMs: number; milkTempC: number; iceFraction: number }[];
}

export interface TripReport {
  fromMs: number;
  toMs: number;
  minC: number | null;
  maxC: number | null;
  minutesAbove: Record<string, number>;
  batches: { batchId: string; label: string; phase: string; iceFraction: number; stayedFrozen: boolean }[];
  verdict: "accept" | "review" | "reject";
  reasons: string[];
}
export interface Trip {
  id: string;
  courierId: string;
  boxUnitId: string;
  startedAtMs: number;
  endedAtMs?: number;
  pickups: { donorId: string; atMs: number; batchIds: string[] }[];
  report?: TripReport;
  reception?: { decision: "accepted" | "rejected"; by: string; atMs: number; comment: string };
}

export interface DailyRow {
  unitId: string;
  unitName: string;
  day: string;
  minC: number | null;
  maxC: number | null;
  meanC: number | null;
  readings: number;
  minutesAbove: { warningHighC: number; criticalHighC: number };
}
export interface AuditEntry {
  seq: number;
  atMs: number;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
}
export interface AuditCheck {
  ok: boolean;
  entries: number;
  firstBadSeq?: number;
  reason?: string;
}
