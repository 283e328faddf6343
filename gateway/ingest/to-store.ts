// From a decoded readings message to the readings to store: placed in event time, without the
// sequences already stored or on their way, and with the ones that cannot be placed set apart.
import type { ReadingsMessage } from "../../shared/protocol/types.js";
import type { StoredReading } from "../store/readings-store.js";
import type { Device } from "../store/records.js";
import { placeInEventTime } from "./event-time.js";

export function toStore(
  device: Device,
  msg: ReadingsMessage,
  arrivalMs: number,
  sequences: { isKnown(seq: number): boolean },
  reject: (reason: string, detail: Record<string, unknown>) => void,
): { fresh: StoredReading[]; refusedSeqs: number[]; duplicates: number } {
  const { placed, refused } = placeInEventTime(msg, arrivalMs);
  for (const r of refused) reject(r.reason, { device: device.id, seq: r.reading.s });
  const fresh: StoredReading[] = [];
  let duplicates = 0;
  for (const { reading, timeMs } of placed) {
    if (sequences.isKnown(reading.s)) {
      duplicates++;
      continue;
    }
    const stored: StoredReading = {
      deviceId: device.id,
      unitId: device.unitId,
      seq: reading.s,
      timeMs,
      tempC: reading.c,
    };
    if (reading.f !== undefined) stored.fault = reading.f;
    if (msg.bat !== undefined) stored.batteryV = msg.bat;
    if (msg.rssi !== undefined) stored.rssiDbm = msg.rssi;
    fresh.push(stored);
  }
  // The bus promises readings in event-time order.
  fresh.sort((a, b) => a.timeMs - b.timeMs);
  return { fresh, refusedSeqs: refused.map((r) => r.reading.s), duplicates };
}
