// ESPRUINO-SAFE: the firmware imports this file. Keep to the Espruino subset and to ASCII.
// Hand-written field checks shared by the decoders: each returns a reason code, or null when fine.
import { MAX_PAYLOAD_BYTES, MAX_SEQ } from "./limits.js";
import { type Decoded, fail } from "./result.js";
import { PROTOCOL_VERSION } from "./types.js";

export type Fields = { [key: string]: unknown };

/** A real number: rejects NaN and +-Infinity (x - x is NaN for both) without Number.isFinite. */
export function isFiniteNumber(x: unknown): x is number {
  return typeof x === "number" && x - x === 0;
}

export function numberReason(x: unknown): string | null {
  if (x === undefined) return "missing";
  if (typeof x !== "number") return "not_a_number";
  if (!isFiniteNumber(x)) return "not_finite";
  return null;
}

export function intReason(x: unknown, min: number): string | null {
  const reason = numberReason(x);
  if (reason !== null) return reason;
  if (Math.floor(x as number) !== x) return "not_an_integer";
  if ((x as number) < min) return min === 0 ? "negative" : "too_small";
  return null;
}

/** A sequence number in the one range the decoders and the stores share (see MAX_SEQ). */
export function seqReason(x: unknown): string | null {
  const reason = intReason(x, 0);
  if (reason !== null) return reason;
  return (x as number) > MAX_SEQ ? "too_large" : null;
}

export function stringReason(x: unknown, maxLength: number): string | null {
  if (x === undefined) return "missing";
  if (typeof x !== "string") return "not_a_string";
  if (x.length > maxLength) return "too_long";
  return null;
}

/** Bytes or text to ASCII text, refusing oversized and non-ASCII payloads before parsing. */
export function payloadText(input: string | Uint8Array): Decoded<string> {
  if (input.length > MAX_PAYLOAD_BYTES) return fail("payload", "too_large");
  for (let i = 0; i < input.length; i++) {
    const code = typeof input === "string" ? input.charCodeAt(i) : (input[i] as number);
    if (code > 127) return fail("payload", "not_ascii");
  }
  if (typeof input === "string") return { ok: true, value: input };
  return { ok: true, value: String.fromCharCode.apply(null, input as unknown as number[]) };
}

/** Parses the JSON object of a message and checks its version. */
export function parseMessage(input: string | Uint8Array): Decoded<Fields> {
  const text = payloadText(input);
  if (!text.ok) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.value);
  } catch (_e) {
    return fail("payload", "malformed_json");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return fail("payload", "not_an_object");
  }
  const fields = parsed as Fields;
  if (fields.v === undefined) return fail("v", "missing");
  if (fields.v !== PROTOCOL_VERSION) return fail("v", "unsupported_version");
  return { ok: true, value: fields };
}
