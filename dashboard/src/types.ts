// The shapes the gateway's API answers with (docs/api.md). The dashboard speaks HTTP only and runs no
// gateway code; where the API answers with a record as the gateway keeps it, the type is imported
// (type-only, erased from the bundle) so the two cannot drift apart.

import type { AffectedBatch } from "../../gateway/reports/affected-batches.js";
import type {
  Alert,
  AuditEntry,
  Role,
  User as StoredUser,
  Trip,
  TripReport,
} from "../../gateway/store/records.js";
import type { RuleSet, Sourced, StorageProfile } from "../../shared/profiles/types.js";
import type { BatchPhase } from "../../shared/rules/types.js";

export type { Alert, AuditEntry, Role, RuleSet, Sourced, StorageProfile, Trip, TripReport };

/** a user as the API shows one: the stored record without its password hash */
export type User = Pick<StoredUser, "id" | "name" | "displayName" | "role">;

export type UnitStatus = "ok" | "warning" | "critical" | "silent";
export type Phase = BatchPhase;

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

export type AlertState = Alert["state"];
export type Severity = Alert["severity"];
export type BagAction = AffectedBatch["action"];
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
export interface AuditCheck {
  ok: boolean;
  entries: number;
  firstBadSeq?: number;
  reason?: string;
}
