// ESPRUINO-SAFE: the firmware imports this file. Keep to the Espruino subset and to ASCII.
// What every decoder returns: a value, or the first field that is wrong and why. Decoders never throw.

export interface ProtocolError {
  /** path of the offending field, e.g. "v", "r[3].s", "payload" */
  field: string;
  /** short stable code: "missing", "not_a_number", "duplicate", "too_large", ... */
  reason: string;
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: ProtocolError };

export function fail<T>(field: string, reason: string): Decoded<T> {
  return { ok: false, error: { field, reason } };
}
