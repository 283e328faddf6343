// Every device message walks one list of steps, like aedes' publishActions:
// readings: parse topic -> decode -> verify mac -> place in event time -> dedupe -> store (durable)
//           -> ack the highest contiguous stored sequence -> bus "readings" (the engine listens there).
// status:   parse topic -> decode -> online/offline; on birth the retained config and the last ack.
// A bad message is counted by reason and logged; nothing here throws into the broker.
import { decodeReadings, decodeStatus, encodeAck } from "../../shared/protocol/codec.js";
import { parseTopic } from "../../shared/protocol/topics.js";
import type { ReadingsMessage } from "../../shared/protocol/types.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/types.js";
import type { EventBus } from "../bus.js";
import type { Logger } from "../log.js";
import { METRIC, type Metrics } from "../metrics.js";
import type { Clock, DeviceLink } from "../services.js";
import type { ReadingsStore, StoredReading } from "../store/readings-store.js";
import type { Device } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { DeviceState } from "./device-state.js";
import { placeInEventTime } from "./event-time.js";
import { macProblem } from "./mac.js";

export interface IngestDeps {
  prefix: string;
  link: DeviceLink;
  site: SiteStore;
  readings: ReadingsStore;
  bus: EventBus;
  clock: Clock;
  metrics: Metrics;
  log: Logger;
  /** every message of a device with an HMAC key must carry a valid mac */
  requireMac: boolean;
  /** the retained config a device gets when it comes online */
  configFor(device: Device): string;
}

export interface Ingest {
  handle(topic: string, payload: Uint8Array): void;
  /** resolves when every message received so far is processed */
  idle(): Promise<void>;
  /** writes device sequences and last-seen times to the site store */
  flushDevices(): void;
}

export function createIngest(deps: IngestDeps): Ingest {
  const devices = new DeviceState(deps.site);
  const chains = new Map<string, Promise<void>>();
  const reject = (reason: string, detail: Record<string, unknown>, count = 1) => {
    deps.metrics.inc(METRIC.readingsRejected[0], METRIC.readingsRejected[1], { reason }, count);
    deps.log.warn(`rejected: ${reason}`, detail);
  };
  const send = (topic: string, payload: string, retain: boolean) =>
    deps.link
      .publish(topic, payload, { qos: 1, retain })
      .catch((err: unknown) => deps.log.error(`publish ${topic} failed`, err));

  async function ingestReadings(deviceId: string, payload: Uint8Array, arrivalMs: number): Promise<void> {
    const device = deps.site.devices.get(deviceId);
    const state = devices.get(deviceId);
    if (!device || !state) return reject("unknown_device", { device: deviceId });
    const text = Buffer.from(payload).toString("latin1");
    const decoded = decodeReadings(text);
    if (!decoded.ok) return reject(reasonOf(decoded.error), { device: deviceId, ...decoded.error });
    const msg = decoded.value;
    const mac = macProblem(device, text, msg.mac !== undefined, deps.requireMac);
    if (mac !== null) return reject(mac, { device: deviceId });
    const { fresh, refusedSeqs, duplicates } = toStore(device, msg, arrivalMs, state.sequences, reject);
    if (duplicates > 0) deps.metrics.inc(METRIC.duplicates[0], METRIC.duplicates[1], {}, duplicates);
    if (fresh.length > 0) await deps.readings.write(fresh);
    const first = msg.r[0]?.s;
    if (first !== undefined) {
      // Refused readings are consumed too: the device must not resend them forever.
      const gap = state.sequences.markStored([...fresh.map((r) => r.seq), ...refusedSeqs], first);
      if (gap > 0) deps.metrics.inc(METRIC.sequenceGaps[0], METRIC.sequenceGaps[1], {}, gap);
      await send(
        `${deps.prefix}/${deviceId}/ack`,
        encodeAck({ v: PROTOCOL_VERSION, upTo: state.sequences.upTo }),
        false,
      );
    }
    devices.touch(deviceId, { lastSeenMs: arrivalMs, online: true });
    deps.metrics.observeIngestSeconds((deps.clock.now() - arrivalMs) / 1000);
    deps.metrics.inc(METRIC.readingsIn[0], METRIC.readingsIn[1], {}, fresh.length);
    if (fresh.length > 0)
      deps.bus.emit(
        "readings",
        fresh.sort((a, b) => a.timeMs - b.timeMs),
      );
  }

  async function ingestStatus(deviceId: string, payload: Uint8Array, arrivalMs: number): Promise<void> {
    const device = deps.site.devices.get(deviceId);
    if (!device) return reject("unknown_device", { device: deviceId });
    const decoded = decodeStatus(payload);
    if (!decoded.ok)
      return reject(`status.${decoded.error.field}:${decoded.error.reason}`, { device: deviceId });
    const online = decoded.value.state === "online";
    devices.touch(deviceId, {
      online,
      lastSeenMs: arrivalMs,
      ...(decoded.value.board ? { board: decoded.value.board } : {}),
    });
    deps.log.info(`device ${deviceId} ${decoded.value.state}`);
    if (online) {
      await send(`${deps.prefix}/${deviceId}/config`, deps.configFor(device), true);
      const upTo = devices.get(deviceId)?.sequences.upTo ?? -1;
      if (upTo >= 0)
        await send(`${deps.prefix}/${deviceId}/ack`, encodeAck({ v: PROTOCOL_VERSION, upTo }), false);
    }
    flushDevices();
  }

  function flushDevices(): void {
    for (const id of devices.flush()) {
      const device = deps.site.devices.get(id);
      if (device) deps.bus.emit("device", device);
    }
  }

  return {
    handle(topic, payload) {
      const arrivalMs = deps.clock.now();
      const parsed = parseTopic(deps.prefix, topic);
      if (!parsed.ok) return reject(`topic.${parsed.error.field}:${parsed.error.reason}`, { topic });
      const { deviceId, channel } = parsed.value;
      const step = channel === "readings" ? ingestReadings : channel === "status" ? ingestStatus : undefined;
      if (!step) return reject("topic.channel:not_from_device", { topic });
      // One device's messages are handled in order; devices run side by side.
      const previous = chains.get(deviceId) ?? Promise.resolve();
      const next = previous
        .then(() => step(deviceId, payload, arrivalMs))
        .catch((err: unknown) => deps.log.error(`ingest of ${topic} failed`, err));
      chains.set(deviceId, next);
      void next.then(() => {
        if (chains.get(deviceId) === next) chains.delete(deviceId);
      });
    },
    idle: async () => {
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
    flushDevices,
  };
}

/** One metric label per kind of fault: "r[17].c" and "r[3].c" count together as "r[].c". */
function reasonOf(error: { field: string; reason: string }): string {
  return `${error.field.replace(/\[\d+\]/g, "[]")}:${error.reason}`;
}

function toStore(
  device: Device,
  msg: ReadingsMessage,
  arrivalMs: number,
  sequences: { isStored(seq: number): boolean },
  reject: (reason: string, detail: Record<string, unknown>, count?: number) => void,
): { fresh: StoredReading[]; refusedSeqs: number[]; duplicates: number } {
  const { placed, refused } = placeInEventTime(msg, arrivalMs);
  for (const r of refused) reject(r.reason, { device: device.id, seq: r.reading.s });
  const out: StoredReading[] = [];
  let duplicates = 0;
  for (const { reading, timeMs } of placed) {
    if (sequences.isStored(reading.s)) {
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
    out.push(stored);
  }
  return { fresh: out, refusedSeqs: refused.map((r) => r.reading.s), duplicates };
}
