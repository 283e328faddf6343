// Places each reading at its true event time. Unix-stamped readings are taken as they are; a
// reading stamped with seconds since boot (the device had no clock yet) is placed through the batch's
// `up`: it was taken (up - t) seconds before the batch was sent. When was that? The device's own
// clock (`now`) says so once it is synced; otherwise the arrival time, which is only right when the
// message was not held up on the way (an external broker may queue it while the gateway is down).
// A time after the gateway's clock (beyond a small skew) or before EARLIEST_READING_S cannot be real:
// such a reading is refused with its reason (and quarantined), never stored at a made-up time.
import { EARLIEST_READING_S } from "../../shared/protocol/limits.js";
import type { ReadingsMessage, WireReading } from "../../shared/protocol/types.js";

/**
 * A device clock this far ahead of the gateway is wrong, not early: the gateway syncs it. Network
 * and batching delays only ever make readings older, so a small margin is enough.
 */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

export interface Placed {
  reading: WireReading;
  timeMs: number;
}

export type TimeReason = "uptime_of_other_boot" | "future_time" | "before_earliest_time";

export interface Placement {
  placed: Placed[];
  /** readings that cannot be given a time, with why, and where their own stamp put them if anywhere */
  refused: { reading: WireReading; reason: TimeReason; timeMs: number | null }[];
}

export function placeInEventTime(msg: ReadingsMessage, arrivalMs: number): Placement {
  const out: Placement = { placed: [], refused: [] };
  const sentMs = msg.now !== undefined ? msg.now * 1000 : arrivalMs;
  for (const reading of msg.r) {
    if (reading.u === 1 && reading.b !== msg.boot) {
      out.refused.push({ reading, reason: "uptime_of_other_boot", timeMs: null });
      continue;
    }
    const timeMs = reading.u === 1 ? sentMs - (msg.up - reading.t) * 1000 : reading.t * 1000;
    const reason = timeProblem(timeMs, arrivalMs);
    if (reason) out.refused.push({ reading, reason, timeMs });
    else out.placed.push({ reading, timeMs });
  }
  return out;
}

/** Why a reading cannot have happened at timeMs, seen at nowMs by the gateway's clock; null when it can. */
export function timeProblem(timeMs: number, nowMs: number): "future_time" | "before_earliest_time" | null {
  if (timeMs > nowMs + MAX_FUTURE_SKEW_MS) return "future_time";
  if (timeMs < EARLIEST_READING_S * 1000) return "before_earliest_time";
  return null;
}
