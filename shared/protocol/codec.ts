// ESPRUINO-SAFE: the firmware imports this file. Keep to the Espruino subset and to ASCII.
// Compact JSON on the wire. Encoders write fields in a fixed order with `r` last, so a device can
// stream a batch from its buffer without building an array of objects. Decoders never throw.
import { intReason, numberReason, parseMessage, stringReason } from "./fields.js";
import { MAX_INTERVAL_S, MIN_INTERVAL_S } from "./limits.js";
import { type Decoded, fail } from "./result.js";
import type { DeviceConfigMessage, ReadingsMessage, StatusMessage, WireReading } from "./types.js";

export { ackMessages, decodeAck, encodeAck, refusedCount, seqRanges } from "./ack.js";
export { decodeReadings, decodeReadingsBatch } from "./decode-readings.js";

/** Everything of a readings message except the readings and the mac. */
export type ReadingsHead = Pick<ReadingsMessage, "v" | "boot" | "up" | "now" | "bat" | "rssi" | "drop">;

const MAX_LABEL_LENGTH = 32;

/** One reading as JSON, keys in the order s, t, c, f, u, b. */
export function encodeReading(r: WireReading): string {
  return JSON.stringify(r);
}

/** A readings message from its head and readings already encoded with encodeReading. */
export function encodeReadingsText(head: ReadingsHead, readingTexts: string[]): string {
  const h = JSON.stringify(head);
  return `${h.substring(0, h.length - 1)},"r":[${readingTexts.join(",")}]}`;
}

export function encodeReadings(msg: ReadingsMessage): string {
  const head: ReadingsHead = { v: msg.v, boot: msg.boot, up: msg.up };
  if (msg.now !== undefined) head.now = msg.now;
  if (msg.bat !== undefined) head.bat = msg.bat;
  if (msg.rssi !== undefined) head.rssi = msg.rssi;
  if (msg.drop !== undefined) head.drop = msg.drop;
  return encodeReadingsText(head, msg.r.map(encodeReading));
}

export function encodeStatus(msg: StatusMessage): string {
  return JSON.stringify(msg);
}

export function encodeConfig(msg: DeviceConfigMessage): string {
  return JSON.stringify(msg);
}

export function decodeStatus(input: string | Uint8Array): Decoded<StatusMessage> {
  const parsed = parseMessage(input);
  if (!parsed.ok) return parsed;
  const m = parsed.value;
  if (m.state !== "online" && m.state !== "offline")
    return fail("state", m.state === undefined ? "missing" : "unknown");
  const value: StatusMessage = { v: m.v as number, state: m.state };
  let reason: string | null;
  if (m.fw !== undefined) {
    reason = stringReason(m.fw, MAX_LABEL_LENGTH);
    if (reason !== null) return fail("fw", reason);
    value.fw = m.fw as string;
  }
  if (m.board !== undefined) {
    reason = stringReason(m.board, MAX_LABEL_LENGTH);
    if (reason !== null) return fail("board", reason);
    value.board = m.board as string;
  }
  if (m.boot !== undefined) {
    reason = intReason(m.boot, 0);
    if (reason !== null) return fail("boot", reason);
    value.boot = m.boot as number;
  }
  if (m.interval !== undefined) {
    reason = intervalReason(m.interval);
    if (reason !== null) return fail("interval", reason);
    value.interval = m.interval as number;
  }
  return { ok: true, value };
}

export function decodeConfig(input: string | Uint8Array): Decoded<DeviceConfigMessage> {
  const parsed = parseMessage(input);
  if (!parsed.ok) return parsed;
  const m = parsed.value;
  let reason = intervalReason(m.interval);
  if (reason !== null) return fail("interval", reason);
  reason = intReason(m.time, 0);
  if (reason !== null) return fail("time", reason);
  const value: DeviceConfigMessage = {
    v: m.v as number,
    interval: m.interval as number,
    time: m.time as number,
  };
  if (m.alarmHighC !== undefined) {
    reason = numberReason(m.alarmHighC);
    if (reason !== null) return fail("alarmHighC", reason);
    value.alarmHighC = m.alarmHighC as number;
  }
  if (m.alarmLowC !== undefined) {
    reason = numberReason(m.alarmLowC);
    if (reason !== null) return fail("alarmLowC", reason);
    value.alarmLowC = m.alarmLowC as number;
  }
  return { ok: true, value };
}

function intervalReason(x: unknown): string | null {
  const reason = intReason(x, MIN_INTERVAL_S);
  if (reason !== null) return reason;
  return (x as number) > MAX_INTERVAL_S ? "too_large" : null;
}
