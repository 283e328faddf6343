// How a reading looks in InfluxDB, shared by the 1.x and 2.x stores (docs/influxdb.md): measurement
// `milk_reading`; tags unit, device, site, profile (few values each, so few series); fields temp_c,
// battery_v, rssi_dbm, seq, fault; time = event time in ms. A reading written twice lands on the same
// series and time, so InfluxDB keeps one point. seq stays a field: as a tag it would make every reading
// a series of its own. The price: two readings of one device in the same millisecond would be one
// point; devices sample seconds apart and stamp whole seconds, so this does not happen.
import type { ProbeFault } from "../../shared/protocol/types.js";
import type { StoredReading } from "./readings-store.js";
import { invalidReadingReason } from "./sqlite-readings-store.js";

export const MEASUREMENT = "milk_reading";

/** Tags besides unit and device: the site this gateway serves and each unit's storage profile. */
export interface InfluxTagOptions {
  site?: string;
  profileOf?: (unitId: string) => string | undefined;
}

export interface InfluxPoint {
  tags: Record<string, string>;
  /** numbers are floats except seq and rssi_dbm, which are integers */
  fields: { temp_c?: number; battery_v?: number; rssi_dbm?: number; seq: number; fault?: string };
  timeMs: number;
}

/** Throws for the first reading that cannot be stored, so a bad batch writes nothing. */
export function checkReadings(readings: StoredReading[]): void {
  for (const reading of readings) {
    const reason = invalidReadingReason(reading);
    if (reason) throw new Error(`reading not stored: ${reason}`);
  }
}

export function toPoint(r: StoredReading, options: InfluxTagOptions): InfluxPoint {
  const tags: Record<string, string> = { unit: r.unitId, device: r.deviceId };
  const profile = options.profileOf?.(r.unitId);
  // InfluxDB refuses an empty tag value: a tag without a value is left out.
  if (options.site) tags.site = options.site;
  if (profile) tags.profile = profile;
  const fields: InfluxPoint["fields"] = { seq: r.seq };
  if (r.tempC !== null) fields.temp_c = r.tempC;
  if (r.batteryV !== undefined) fields.battery_v = r.batteryV;
  if (r.rssiDbm !== undefined) fields.rssi_dbm = Math.round(r.rssiDbm);
  if (r.fault !== undefined) fields.fault = r.fault;
  return { tags, fields, timeMs: r.timeMs };
}

const asNumber = (value: unknown) => (typeof value === "number" ? value : undefined);

/** A row of `SELECT *` (1.x) or a pivoted Flux record (2.x) back into a reading. */
export function fromRow(row: Record<string, unknown>, timeMs: number): StoredReading {
  const reading: StoredReading = {
    deviceId: String(row.device),
    unitId: String(row.unit),
    seq: Number(row.seq),
    timeMs,
    tempC: asNumber(row.temp_c) ?? null,
  };
  if (typeof row.fault === "string" && row.fault !== "") reading.fault = row.fault as ProbeFault;
  const batteryV = asNumber(row.battery_v);
  const rssiDbm = asNumber(row.rssi_dbm);
  if (batteryV !== undefined) reading.batteryV = batteryV;
  if (rssiDbm !== undefined) reading.rssiDbm = rssiDbm;
  return reading;
}
