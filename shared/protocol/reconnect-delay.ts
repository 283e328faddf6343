// ESPRUINO-SAFE: the firmware imports this file. Keep to the Espruino subset and to ASCII.
// How long a device waits before its next CONNECT: exponential back-off with full jitter, a uniform
// wait between 0 and min(max, min * 2^failures). After a power cut or a gateway restart thousands of
// devices fail at the same moment; full jitter spreads their next tries over the whole window, where
// "equal" jitter (0.5 to 1 of it) packed them into its top half and kept them in step. The firmware
// (firmware/src/mqtt-client.ts) and the storm's simulated devices (test/gateway/scale/) both use this
// one copy, so what the storm measures is what the firmware does.

/** The shortest wait: a draw near 0 must not make a refused device retry in a tight loop. */
export const RECONNECT_FLOOR_MS = 500;

/**
 * The exponent stops growing here: 2^31 times any minimum is past every maximum, and a device that
 * failed for weeks must not reach 2^1024 (Infinity, and NaN times a zero minimum).
 */
const MAX_DOUBLINGS = 31;

/**
 * Milliseconds to wait after `failures` failed attempts in a row (0 after the first failure), for a
 * back-off from `minS` doubling to `maxS` seconds; `random` is a uniform draw in [0, 1), passed in so
 * the function stays pure (the firmware passes Math.random()).
 */
export function reconnectDelayMs(failures: number, minS: number, maxS: number, random: number): number {
  const capMs = Math.min(maxS, minS * 2 ** Math.min(failures, MAX_DOUBLINGS)) * 1000;
  return Math.max(RECONNECT_FLOOR_MS, Math.floor(random * capMs));
}
