// ESPRUINO-SAFE: the firmware imports this file. Keep to the Espruino subset and to ASCII.
// Per-message authentication for chips that cannot do TLS (ESP8266), RFC 2104 HMAC-SHA256.
//
// Canonical form: the device writes the message JSON without `mac` (text U), computes
// hex = HMAC-SHA256(key, U) and sends U with its final "}" replaced by `,"mac":"<hex>"}`. The receiver
// strips that exact suffix to get U back byte for byte, so no re-serialisation (and no difference in
// how two JSON engines print a float) can break the check.
import { sha256, toHex } from "./sha256.js";

const BLOCK_BYTES = 64;
const MAC_HEX_LENGTH = 64;
const MAC_OPEN = ',"mac":"';
const MAC_SUFFIX_LENGTH = MAC_OPEN.length + MAC_HEX_LENGTH + 2;

function xorPad(key: string, byte: number): string {
  let out = "";
  for (let i = 0; i < BLOCK_BYTES; i++)
    out += String.fromCharCode((i < key.length ? key.charCodeAt(i) : 0) ^ byte);
  return out;
}

/** HMAC-SHA256 of an ASCII message under an ASCII key, lower-case hex. */
export function hmacSha256Hex(key: string, message: string): string {
  const k = key.length > BLOCK_BYTES ? sha256(key) : key;
  return toHex(sha256(xorPad(k, 0x5c) + sha256(xorPad(k, 0x36) + message)));
}

/** Adds the mac to the JSON text of a message that has none. */
export function signPayload(key: string, unsignedJson: string): string {
  const mac = hmacSha256Hex(key, unsignedJson);
  return `${unsignedJson.substring(0, unsignedJson.length - 1)}${MAC_OPEN}${mac}"}`;
}

/** The signed text and its mac, or null when the payload does not end in the mac field. */
export function splitSignedPayload(text: string): { unsigned: string; mac: string } | null {
  const at = text.length - MAC_SUFFIX_LENGTH;
  if (at < 1 || text.substring(at, at + MAC_OPEN.length) !== MAC_OPEN) return null;
  if (text.substring(text.length - 2) !== '"}') return null;
  const mac = text.substring(at + MAC_OPEN.length, text.length - 2);
  return { unsigned: `${text.substring(0, at)}}`, mac };
}

/** True when the payload carries a mac that matches the key (compared without early exit). */
export function verifyPayload(key: string, text: string): boolean {
  const parts = splitSignedPayload(text);
  if (parts === null) return false;
  const expected = hmacSha256Hex(key, parts.unsigned);
  let diff = 0;
  for (let i = 0; i < MAC_HEX_LENGTH; i++) diff |= expected.charCodeAt(i) ^ parts.mac.charCodeAt(i);
  return diff === 0;
}
