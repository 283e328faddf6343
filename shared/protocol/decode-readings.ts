// ESPRUINO-SAFE: keep to the Espruino subset and to ASCII (a BLE relay or the device may run it).
// Validates a readings batch. Probe sentinels (85, -127, implausible values) are kept as probe faults
// with no temperature, never rejected and never passed on as temperatures. A reading that is not
// valid refuses only itself when the batch around it is (decodeReadingsBatch): the gateway keeps it in
// a quarantine and stores the rest; the strict decodeReadings refuses the whole message instead.

import type { Fields } from "./fields.js";
import { intReason, numberReason, parseMessage, seqReason, stringReason } from "./fields.js";
import { MAX_READINGS_PER_BATCH, probeFaultOf } from "./limits.js";
import { type Decoded, fail, type ProtocolError } from "./result.js";
import type { ProbeFault, ReadingsMessage, WireReading } from "./types.js";

const PROBE_FAULTS: ProbeFault[] = ["power_on_85", "disconnected", "crc", "no_probe", "out_of_range"];
const MAC_HEX_LENGTH = 64;

/**
 * A reading of a valid batch that is not valid itself: kept as received, with why, so the gateway can
 * quarantine it instead of refusing the whole batch (and with it the good readings around it).
 */
export interface RefusedReading {
  /** its sequence number when it carries a usable one (not a second copy in the batch), else null */
  seq: number | null;
  /** the reading as received, as JSON */
  raw: string;
  /** the first wrong field, "r[3].c", and why */
  error: ProtocolError;
}

export interface ReadingsBatch {
  /** the batch with its valid readings only */
  msg: ReadingsMessage;
  /** the others, in the order they came */
  refused: RefusedReading[];
  /** every reading as parsed, before any check (what a valid reading was as received) */
  received: unknown[];
}

/** A batch whose head is valid and whose `r` is a list: each reading is taken or refused on its own. */
export function decodeReadingsBatch(input: string | Uint8Array): Decoded<ReadingsBatch> {
  const parsed = parseMessage(input);
  if (!parsed.ok) return parsed;
  const m = parsed.value;
  const head = decodeHead(m);
  if (!head.ok) return head;
  if (!Array.isArray(m.r)) return fail("r", m.r === undefined ? "missing" : "not_an_array");
  if (m.r.length > MAX_READINGS_PER_BATCH) return fail("r", "too_many");
  const refused: RefusedReading[] = [];
  let highest = -1;
  for (let i = 0; i < m.r.length; i++) {
    const x: unknown = m.r[i];
    const s = seqOf(x);
    // a device sends in order, so a seq above every one before is new; only one that is not is
    // looked for among them (an object keyed by seq allocated up to 8 KB a batch for small seqs)
    const seq = s !== null && (s > highest || !seqBefore(m.r, i, s)) ? s : null;
    const reading = decodeReading(x, i);
    let error = reading.ok ? null : reading.error;
    if (error === null && seq === null) error = { field: `r[${i}].s`, reason: "duplicate" };
    if (seq !== null && seq > highest) highest = seq;
    if (error === null) head.value.r.push((reading as { value: WireReading }).value);
    else refused.push({ seq, raw: JSON.stringify(x), error });
  }
  return { ok: true, value: { msg: head.value, refused, received: m.r } };
}

/** reading `x`'s sequence number when it has a valid one */
function seqOf(x: unknown): number | null {
  const s: unknown = x !== null && typeof x === "object" ? (x as Fields).s : undefined;
  return seqReason(s) === null ? (s as number) : null;
}

/** true when a reading before `index` has the sequence number `seq` */
function seqBefore(readings: unknown[], index: number, seq: number): boolean {
  for (let j = 0; j < index; j++) if (seqOf(readings[j]) === seq) return true;
  return false;
}

/** A batch with every reading valid: the first refused reading refuses the whole message. */
export function decodeReadings(input: string | Uint8Array): Decoded<ReadingsMessage> {
  const batch = decodeReadingsBatch(input);
  if (!batch.ok) return batch;
  const first = batch.value.refused[0];
  return first ? { ok: false, error: first.error } : { ok: true, value: batch.value.msg };
}

function decodeHead(m: Fields): Decoded<ReadingsMessage> {
  let reason = intReason(m.boot, 0);
  if (reason !== null) return fail("boot", reason);
  reason = intReason(m.up, 0);
  if (reason !== null) return fail("up", reason);
  const value: ReadingsMessage = { v: m.v as number, boot: m.boot as number, up: m.up as number, r: [] };
  const optional: ("now" | "bat" | "rssi" | "drop")[] = ["now", "bat", "rssi", "drop"];
  for (let i = 0; i < optional.length; i++) {
    const key = optional[i] as "now" | "bat" | "rssi" | "drop";
    if (m[key] === undefined) continue;
    reason = key === "now" || key === "drop" ? intReason(m[key], 0) : numberReason(m[key]);
    if (reason !== null) return fail(key, reason);
    value[key] = m[key] as number;
  }
  if (m.mac !== undefined) {
    reason = stringReason(m.mac, MAC_HEX_LENGTH);
    if (reason === null && (m.mac as string).length !== MAC_HEX_LENGTH) reason = "wrong_length";
    if (reason !== null) return fail("mac", reason);
    value.mac = m.mac as string;
  }
  return { ok: true, value };
}

/** The name of reading `index`'s `field` in errors ("r[3].c"), made only when one is found. */
function fieldAt(index: number, field?: string): string {
  return field === undefined ? `r[${index}]` : `r[${index}].${field}`;
}

/** Reading `index` of a batch. */
export function decodeReading(x: unknown, index: number): Decoded<WireReading> {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return fail(fieldAt(index), "not_an_object");
  const r = x as Fields;
  let reason = seqReason(r.s);
  if (reason !== null) return fail(fieldAt(index, "s"), reason);
  reason = intReason(r.t, 0);
  if (reason !== null) return fail(fieldAt(index, "t"), reason);
  const value: WireReading = { s: r.s as number, t: r.t as number, c: null };
  if (r.u !== undefined) {
    if (r.u !== 1) return fail(fieldAt(index, "u"), "not_1");
    reason = intReason(r.b, 0);
    if (reason !== null) return fail(fieldAt(index, "b"), reason);
    value.u = 1;
    value.b = r.b as number;
  }
  if (r.f !== undefined) {
    if (PROBE_FAULTS.indexOf(r.f as ProbeFault) < 0) return fail(fieldAt(index, "f"), "unknown_fault");
    value.f = r.f as ProbeFault;
    if (r.c !== null && r.c !== undefined && numberReason(r.c) !== null)
      return fail(fieldAt(index, "c"), "not_a_number");
    return { ok: true, value };
  }
  if (r.c === null) return fail(fieldAt(index, "f"), "missing");
  reason = numberReason(r.c);
  if (reason !== null) return fail(fieldAt(index, "c"), reason);
  const fault = probeFaultOf(r.c as number);
  if (fault !== null) value.f = fault;
  else value.c = r.c as number;
  return { ok: true, value };
}
