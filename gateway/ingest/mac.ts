// Per-message HMAC for chips without TLS: checked with node:crypto (the shared pure SHA-256 is for
// the firmware), over the exact bytes the device signed (see shared/protocol/hmac.ts).
import { createHmac, timingSafeEqual } from "node:crypto";
import { splitSignedPayload } from "../../shared/protocol/hmac.js";
import type { Device } from "../store/records.js";

/**
 * Why the message's authentication fails, or null when it passes. With requireMac every message
 * must be signed, so a device that has no key to sign with (a demo device, one provisioned before
 * keys) is refused rather than waved through.
 */
export function macProblem(
  device: Device,
  text: string,
  hasMac: boolean,
  requireMac: boolean,
): string | null {
  if (device.hmacKey === undefined) return requireMac ? "mac_key_missing" : null;
  if (!hasMac) return requireMac ? "mac_missing" : null;
  const parts = splitSignedPayload(text);
  if (parts === null) return "mac_not_last";
  const expected = createHmac("sha256", device.hmacKey).update(parts.unsigned, "latin1").digest();
  const got = Buffer.from(parts.mac, "hex");
  return got.length === expected.length && timingSafeEqual(got, expected) ? null : "mac_mismatch";
}
