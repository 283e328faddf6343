// ESPRUINO-SAFE: the firmware imports this file. Keep to the Espruino subset and to ASCII.
// One topic tree per device: <prefix>/<deviceId>/<channel>.
import { MAX_DEVICE_ID_LENGTH } from "./limits.js";
import type { ProtocolError } from "./result.js";

export const DEFAULT_TOPIC_PREFIX = "milkguard";

export type Channel = "readings" | "status" | "ack" | "config";
export const CHANNELS: Channel[] = ["readings", "status", "ack", "config"];

export function topicFor(prefix: string, deviceId: string, channel: Channel): string {
  return `${prefix}/${deviceId}/${channel}`;
}

/** ASCII a-z, 0-9 and '-', 1..32 characters; checked by char codes (Espruino's regex engine is partial). */
export function isValidDeviceId(id: string): boolean {
  if (typeof id !== "string" || id.length < 1 || id.length > MAX_DEVICE_ID_LENGTH) return false;
  for (let i = 0; i < id.length; i++) {
    const ch = id.charCodeAt(i);
    const ok = (ch >= 97 && ch <= 122) || (ch >= 48 && ch <= 57) || ch === 45;
    if (!ok) return false;
  }
  return true;
}

export type ParsedTopic =
  | { ok: true; value: { deviceId: string; channel: Channel } }
  | { ok: false; error: ProtocolError };

/** Splits `<prefix>/<deviceId>/<channel>`; the prefix may itself contain '/'. */
export function parseTopic(prefix: string, topic: string): ParsedTopic {
  const head = `${prefix}/`;
  if (topic.indexOf(head) !== 0) return { ok: false, error: { field: "topic", reason: "wrong_prefix" } };
  const parts = topic.substring(head.length).split("/");
  if (parts.length !== 2) return { ok: false, error: { field: "topic", reason: "wrong_levels" } };
  const deviceId = parts[0] as string;
  const channel = parts[1] as Channel;
  if (!isValidDeviceId(deviceId)) return { ok: false, error: { field: "deviceId", reason: "invalid" } };
  if (CHANNELS.indexOf(channel) < 0) return { ok: false, error: { field: "channel", reason: "unknown" } };
  return { ok: true, value: { deviceId, channel } };
}
