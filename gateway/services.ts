// The seams between the gateway's parts, so each can be built and tested on its own:
// the MQTT side (embedded aedes or an external broker), the engine's batch actions, the alert
// workflow, device provisioning and trips, which the HTTP routes call.
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
}

/** Bags move between units with their thaw state; the engine keeps each unit's rule state in step. */
export interface BatchActions {
  register(input: NewBatch, by: string): Batch;
  move(batchId: string, toUnitId: string | null, by: string, note?: string): Batch;
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

export interface TripActions {
  start(input: { courierId: string; boxUnitId: string }, by: string): Trip;
  pickup(tripId: string, input: { donorId: string; batchIds: string[] }, by: string): Trip;
  /** ends the trip and computes its report from the box's readings */
  handOver(tripId: string, by: string): Promise<Trip & { report: TripReport }>;
  receive(tripId: string, decision: "accepted" | "rejected", comment: string, by: string): Trip;
}

/** Wall-clock time for the gateway's I/O side (the rules take time as input and never call this). */
export interface Clock {
  now(): number;
}
