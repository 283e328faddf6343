// ESPRUINO-SAFE: the firmware imports this file. Keep to the Espruino subset and to ASCII.
// Device and physics limits of the wire protocol (not storage guidance: those live in shared/profiles).
import type { ProbeFault } from "./types.js";

/** Largest payload the gateway accepts; a full batch of readings is about 4 KiB. */
export const MAX_PAYLOAD_BYTES = 16384;

/** Devices send backlog in batches of at most this many readings and wait for the ack. */
export const MAX_READINGS_PER_BATCH = 100;

/**
 * Sequence numbers run 0..MAX_SEQ (2^53 - 1): the largest integer a JSON number still carries exactly,
 * so two readings can never parse to the same number. The decoder and every readings store check this
 * one range: a seq one side takes and the other refuses would never be acked and be resent forever.
 */
export const MAX_SEQ = 9007199254740991;

/**
 * No reading is older than this, Unix seconds (2026-01-01T00:00:00Z, the year protocol version 1 was
 * written). A device's clock is set only by a gateway speaking this protocol, so an earlier time is a
 * clock never set (0 is 1970; an RTC may start at 2000-01-01), not a real reading.
 */
export const EARLIEST_READING_S = 1767225600;

/**
 * Refused ranges one ack lists at most. A batch of 100 readings is one range in practice (a device
 * clock that was wrong for a while); the cap keeps an ack small for a board that parses it with
 * 1,600 variables. More ranges are told in several acks in a row, each with its own honest upTo.
 */
export const MAX_ACK_REFUSED_RANGES = 16;

/** Device ids are 1..32 characters of a-z, 0-9 and '-'. */
export const MAX_DEVICE_ID_LENGTH = 32;

/** Plausible air temperature for a probe in a freezer, fridge, cool box or room, C. */
export const PROBE_MIN_C = -60;
export const PROBE_MAX_C = 60;

/** DS18B20 register value after power-up, before the first conversion, C. */
export const DS18B20_POWER_ON_C = 85;
/** DS18B20 value the usual drivers report when the probe does not answer, C. */
export const DS18B20_DISCONNECTED_C = -127;

/** Sampling interval bounds, seconds: a DS18B20 conversion takes 0.75 s; a day is the longest useful gap. */
export const MIN_INTERVAL_S = 1;
export const MAX_INTERVAL_S = 86400;

/** Why a probe value is not a temperature, or null when it is a plausible one. */
export function probeFaultOf(c: number): ProbeFault | null {
  if (c === DS18B20_POWER_ON_C) return "power_on_85";
  if (c === DS18B20_DISCONNECTED_C) return "disconnected";
  if (!(c - c === 0) || c < PROBE_MIN_C || c > PROBE_MAX_C) return "out_of_range";
  return null;
}
