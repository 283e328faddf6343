// ESPRUINO-SAFE: the firmware imports this file. Keep to the Espruino subset and to ASCII.
// The gateway's ack: `upTo` says what the device may forget (stored or quarantined), `refused` which
// of those were refused, as compact ranges. A device that only reads `upTo` stays correct.
import { parseMessage, seqReason } from "./fields.js";
import { MAX_ACK_REFUSED_RANGES } from "./limits.js";
import { type Decoded, fail } from "./result.js";
import { type AckMessage, PROTOCOL_VERSION } from "./types.js";

export function encodeAck(msg: AckMessage): string {
  return JSON.stringify(msg);
}

export function decodeAck(input: string | Uint8Array): Decoded<AckMessage> {
  const parsed = parseMessage(input);
  if (!parsed.ok) return parsed;
  const m = parsed.value;
  const reason = seqReason(m.upTo);
  if (reason !== null) return fail("upTo", reason);
  const value: AckMessage = { v: m.v as number, upTo: m.upTo as number };
  if (m.refused === undefined) return { ok: true, value };
  const refused = checkRanges(m.refused, value.upTo);
  if (!refused.ok) return refused;
  value.refused = refused.value;
  return { ok: true, value };
}

/** Ascending, disjoint [from, to] ranges of sequences, all at or below upTo. */
function checkRanges(x: unknown, upTo: number): Decoded<[number, number][]> {
  if (!Array.isArray(x)) return fail("refused", "not_an_array");
  if (x.length > MAX_ACK_REFUSED_RANGES) return fail("refused", "too_many");
  let after = -1;
  for (let i = 0; i < x.length; i++) {
    const range = x[i];
    const field = `refused[${i}]`;
    if (!Array.isArray(range) || range.length !== 2) return fail(field, "not_a_range");
    const reason = seqReason(range[0]) || seqReason(range[1]);
    if (reason !== null) return fail(field, reason);
    if (range[0] <= after || range[1] < range[0]) return fail(field, "not_ascending");
    if (range[1] > upTo) return fail(field, "above_upTo");
    after = range[1];
  }
  return { ok: true, value: x as [number, number][] };
}

/** How many readings an ack says were refused (0 when it lists none). */
export function refusedCount(ack: AckMessage): number {
  let n = 0;
  const ranges = ack.refused || [];
  for (let i = 0; i < ranges.length; i++) {
    const range = ranges[i] as [number, number];
    n += range[1] - range[0] + 1;
  }
  return n;
}

/** Sequences as ascending [from, to] ranges of consecutive numbers; duplicates count once. */
export function seqRanges(seqs: number[]): [number, number][] {
  const sorted = seqs.slice().sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i] as number;
    const last = out[out.length - 1];
    if (last && s <= last[1] + 1) last[1] = Math.max(last[1], s);
    else out.push([s, s]);
  }
  return out;
}

/**
 * The acks that tell a device it may forget everything up to `upTo`, of which `refusedSeqs` (all at
 * or below upTo) were refused. One ack, unless the refused ranges are more than one ack may list: then
 * each ack but the last stops just before the next range it could not list, so every upTo is true.
 */
export function ackMessages(upTo: number, refusedSeqs: number[]): AckMessage[] {
  const ranges = seqRanges(refusedSeqs);
  const out: AckMessage[] = [];
  for (let i = 0; i < ranges.length; i += MAX_ACK_REFUSED_RANGES) {
    const next = ranges[i + MAX_ACK_REFUSED_RANGES];
    const part = ranges.slice(i, i + MAX_ACK_REFUSED_RANGES);
    out.push({ v: PROTOCOL_VERSION, upTo: next ? next[0] - 1 : upTo, refused: part });
  }
  if (out.length === 0) out.push({ v: PROTOCOL_VERSION, upTo });
  return out;
}
