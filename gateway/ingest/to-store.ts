// From a decoded readings batch to what to keep: the readings to store, placed in event time, and
// the refused ones to quarantine (those the decoder refused and those that cannot be placed), without
// the sequences already stored, quarantined or on their way (a resend).
import type { ReadingsBatch } from "../../shared/protocol/decode-readings.js";
import type { NewQuarantined } from "../store/quarantine.js";
import type { StoredReading } from "../store/readings-store.js";
import type { Device } from "../store/records.js";
import { placeInEventTime } from "./event-time.js";

export interface ToKeep {
  fresh: StoredReading[];
  refused: NewQuarantined[];
  duplicates: number;
}

export function toStore(
  device: Device,
  batch: ReadingsBatch,
  arrivalMs: number,
  sequences: { isKnown(seq: number): boolean },
): ToKeep {
  const { msg } = batch;
  const { placed, refused } = placeInEventTime(msg, arrivalMs);
  const out: ToKeep = { fresh: [], refused: [], duplicates: 0 };
  const { id: deviceId, unitId } = device;
  for (const r of batch.refused) {
    if (isResend(sequences, r.seq, out)) continue;
    const reason = reasonOf(r.error);
    out.refused.push({
      deviceId,
      unitId,
      seq: r.seq,
      raw: r.raw,
      reason,
      receivedAtMs: arrivalMs,
      placedAtMs: null,
    });
  }
  for (const { reading, reason, timeMs } of refused) {
    if (isResend(sequences, reading.s, out)) continue;
    const raw = receivedText(batch, reading.s);
    out.refused.push({
      deviceId,
      unitId,
      seq: reading.s,
      raw,
      reason,
      receivedAtMs: arrivalMs,
      placedAtMs: timeMs,
    });
  }
  for (const { reading, timeMs } of placed) {
    if (isResend(sequences, reading.s, out)) continue;
    const stored: StoredReading = { deviceId, unitId, seq: reading.s, timeMs, tempC: reading.c };
    if (reading.f !== undefined) stored.fault = reading.f;
    if (msg.bat !== undefined) stored.batteryV = msg.bat;
    if (msg.rssi !== undefined) stored.rssiDbm = msg.rssi;
    out.fresh.push(stored);
  }
  // The bus promises readings in event-time order.
  if (!inTimeOrder(out.fresh)) out.fresh.sort((a, b) => a.timeMs - b.timeMs);
  return out;
}

// Plain functions, not closures made per batch: this runs for every message of every device.
function isResend(sequences: { isKnown(seq: number): boolean }, seq: number | null, out: ToKeep): boolean {
  const known = seq !== null && sequences.isKnown(seq);
  if (known) out.duplicates++;
  return known;
}

function inTimeOrder(readings: StoredReading[]): boolean {
  for (let i = 1; i < readings.length; i++)
    if ((readings[i] as StoredReading).timeMs < (readings[i - 1] as StoredReading).timeMs) return false;
  return true;
}

/** A valid reading as it came (a probe sentinel still as its value), found by its sequence number. */
function receivedText(batch: ReadingsBatch, seq: number): string {
  return JSON.stringify(batch.received.find((x) => (x as { s?: unknown }).s === seq));
}

/** One metric label per kind of fault: "r[17].c" and "r[3].c" count together as "r[].c". */
export function reasonOf(error: { field: string; reason: string }): string {
  return `${error.field.replace(/\[\d+\]/g, "[]")}:${error.reason}`;
}
