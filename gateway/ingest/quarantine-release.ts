// Releasing quarantined readings once their cause is fixed. Each is checked again as ingest would
// check it (it must decode, and its time must be possible now), with the admin's clock correction
// added to the time its own stamp gave it; those that pass are stored durably, then leave the
// quarantine, then go on the bus as late readings, so the rules, trips and alerts judge them as they
// judge any backlog. Those that still fail stay, with why.
import { seqRanges } from "../../shared/protocol/ack.js";
import { decodeReading } from "../../shared/protocol/decode-readings.js";
import type { EventBus } from "../bus.js";
import type { Clock } from "../clock.js";
import type { QuarantinedReading } from "../store/quarantine.js";
import type { ReadingsStore, StoredReading } from "../store/readings-store.js";
import type { SiteStore } from "../store/site-store.js";
import { timeProblem } from "./event-time.js";
import { reasonOf } from "./to-store.js";

export interface ReleaseDeps {
  site: SiteStore;
  readings: ReadingsStore;
  bus: EventBus;
  clock: Clock;
}

export interface ReleaseOutcome {
  released: number;
  /** the sequence numbers released, as [from, to] ranges per device */
  releasedSeqs: Record<string, [number, number][]>;
  /** those that stay in the quarantine, with why */
  kept: { id: number; why: string }[];
}

/**
 * Releases `selected` with the clock correction `offsetS` (seconds added to each reading's time).
 * `record` runs in the transaction that takes them out of the quarantine (the audit line).
 */
export async function releaseQuarantined(
  deps: ReleaseDeps,
  selected: QuarantinedReading[],
  offsetS: number,
  record: (outcome: ReleaseOutcome) => void,
): Promise<ReleaseOutcome> {
  const nowMs = deps.clock.now();
  const stored: StoredReading[] = [];
  const releasedIds: number[] = [];
  const outcome: ReleaseOutcome = { released: 0, releasedSeqs: {}, kept: [] };
  for (const q of selected) {
    const checked = recheck(q, offsetS, nowMs);
    if ("why" in checked) outcome.kept.push({ id: q.id, why: checked.why });
    else {
      stored.push(checked);
      releasedIds.push(q.id);
    }
  }
  outcome.released = stored.length;
  for (const deviceId of new Set(stored.map((r) => r.deviceId)))
    outcome.releasedSeqs[deviceId] = seqRanges(
      stored.filter((r) => r.deviceId === deviceId).map((r) => r.seq),
    );
  if (stored.length > 0) await deps.readings.write(stored);
  deps.site.transaction(() => {
    deps.site.quarantine.remove(releasedIds);
    record(outcome);
  });
  stored.sort((a, b) => a.timeMs - b.timeMs);
  if (stored.length > 0) deps.bus.emit("readings", stored);
  return outcome;
}

/** The reading to store, or why it still cannot be. */
function recheck(q: QuarantinedReading, offsetS: number, nowMs: number): StoredReading | { why: string } {
  // (device, seq) is what identifies a stored reading: one without a number cannot be stored
  if (q.seq === null) return { why: q.reason };
  let parsed: unknown;
  try {
    parsed = JSON.parse(q.raw);
  } catch {
    return { why: "payload:malformed_json" };
  }
  const decoded = decodeReading(parsed, 0);
  if (!decoded.ok) return { why: reasonOf(decoded.error) };
  const reading = decoded.value;
  // an uptime reading is placed through its batch, which only ingest saw (placedAtMs keeps it)
  const ownMs = reading.u === 1 ? q.placedAtMs : reading.t * 1000;
  if (ownMs === null) return { why: q.reason };
  const timeMs = ownMs + offsetS * 1000;
  const problem = timeProblem(timeMs, nowMs);
  if (problem) return { why: problem };
  const out: StoredReading = { deviceId: q.deviceId, unitId: q.unitId, seq: q.seq, timeMs, tempC: reading.c };
  if (reading.f !== undefined) out.fault = reading.f;
  return out;
}
