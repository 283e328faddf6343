// The seams between the gateway's parts, so each can be built and tested on its own:
// the MQTT side (embedded aedes or an external broker), the engine's batch actions, the alert
// workflow, device provisioning and trips, which the HTTP routes call.
import type { BatchThawState } from "../shared/rules/types.js";
import type { Alert, Batch, Device, Trip, TripReport } from "./store/records.js";

/** How the gateway hears devices and answers them: the embedded aedes broker or an external one. */
export interface DeviceLink {
  /** topic and raw payload of every device message under the prefix; clientId when the broker knows it */
  onMessage(handler: (topic: string, payload: Uint8Array, clientId?: string) => void): void;
  publish(topic: string, payload: string, options: { qos: 0 | 1; retain: boolean }): Promise<void>;
  close(): Promise<void>;
}

export interface AlertActions {
  acknowledge(alertId: string, by: string, comment: string): Alert;
  resolve(alertId: string, by: string, correctiveAction: string): Alert;
}

export interface NewBatch {
  label: string;
  donorId?: string;
  unitId: string;
  volumeMl: number;
  container: Batch["container"];
  expressedAtMs: number;
  purpose: Batch["purpose"];
  processing: Batch["processing"];
  /**
   * the bag went in earlier than it is registered: when, and its state from the unit's air since
   * then (reports/thaw-history.ts thawSince; none when the unit has no reading since)
   */
  putIn?: { atMs: number; thaw?: BatchThawState };
}

/** a bag as it went into a unit, with what the person putting it there should know (the unit is in alarm...) */
export type PlacedBatch = Batch & { warnings: string[] };

/** Bags move between units with their thaw state; the engine keeps each unit's rule state in step. */
export interface BatchActions {
  register(input: NewBatch, by: string): PlacedBatch;
  /** `atMs`: when it moved, if earlier than now (a pick-up recorded afterwards) */
  move(batchId: string, toUnitId: string | null, by: string, note?: string, atMs?: number): PlacedBatch;
  discard(batchId: string, by: string, reason: string): Batch;
}

export interface DeviceProvisioning {
  /** creates the device and returns its secrets once; only hashes are stored */
  create(
    input: { id?: string; unitId: string; board?: string; intervalS?: number },
    by: string,
  ): {
    device: Device;
    password: string;
    hmacKey: string;
  };
}

/** Courier rounds; pick-up and hand-over may be stamped with when they happened (`atMs`, within the trip, not in the future). */
export interface TripActions {
  start(input: { courierId: string; boxUnitId: string }, by: string): Trip;
  pickup(tripId: string, input: { donorId: string; batchIds: string[]; atMs?: number }, by: string): Trip;
  /**
   * ends the trip and computes its report from the box's readings; a provisional report is computed
   * again, as a new version, whenever readings of the trip arrive later
   */
  handOver(tripId: string, by: string, atMs?: number): Promise<Trip & { report: TripReport }>;
  /** a decision on a provisional report needs a comment that says why */
  receive(tripId: string, decision: "accepted" | "rejected", comment: string, by: string): Trip;
}

/** Wall-clock time for the gateway's I/O side (the rules take time as input and never call this). */
export interface Clock {
  now(): number;
}
