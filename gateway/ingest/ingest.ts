// Every device message walks one list of steps, like aedes' publishActions:
// readings: parse topic -> decode -> verify mac -> place in event time -> dedupe -> store (durable),
//           and the refused readings into the quarantine (durable) -> ack the highest contiguous
//           sequence stored or quarantined, once that position is saved too, naming the refused ones
//           -> bus "readings" (the engine listens there).
// status:   parse topic -> decode -> online/offline; on birth the retained config and the last ack,
//           once the device's writes under way are durable.
// Messages are taken in turns of the event loop, in arrival order (turns.ts); the steps up to the
// store run at once, and stores complete in that same order, so a device's acks never go backwards
// while many of its messages are in flight.
// A bad message is counted by reason and logged (rate-limited: rejection-log.ts); nothing here throws
// into the broker.
import { ackMessages, decodeReadingsBatch, decodeStatus, encodeAck } from "../../shared/protocol/codec.js";
import type { ReadingsBatch } from "../../shared/protocol/decode-readings.js";
import { parseTopic } from "../../shared/protocol/topics.js";
import type { DeviceLink } from "../broker/device-link.js";
import type { EventBus } from "../bus.js";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import { METRIC, type Metrics } from "../metrics.js";
import type { NewQuarantined } from "../store/quarantine.js";
import type { ReadingsStore, StoredReading } from "../store/readings-store.js";
import type { Device } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { DeviceState } from "./device-state.js";
import { createRefusedKeeper } from "./keep-refused.js";
import { macProblem } from "./mac.js";
import { RejectionLog } from "./rejection-log.js";
import type { DeviceSequences } from "./sequences.js";
import { reasonOf, toStore } from "./to-store.js";
import { ArrivalTurns } from "./turns.js";
import { WriteWindow } from "./write-window.js";

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
  /** resolves when every message received so far is processed and its ack sent */
  idle(): Promise<void>;
  /** writes device sequences and last-seen times to the site store */
  flushDevices(): void;
}

/** How long readings wait for others to share their commit, and the most one commit takes. */
const WRITE_WINDOW_MS = 2;
const WRITE_WINDOW_MAX = 5000;

export function createIngest(deps: IngestDeps): Ingest {
  const devices = new DeviceState(deps.site);
  const window = new WriteWindow<StoredReading>(
    (r) => deps.readings.write(r),
    WRITE_WINDOW_MS,
    WRITE_WINDOW_MAX,
  );
  const inFlight = new Set<Promise<void>>();
  // Device records are read on every message: keep them, and refresh one whenever it changes.
  const known = new Map<string, Device>();
  deps.bus.on("device", "ingest", (device) => void known.set(device.id, device));
  const deviceOf = (id: string): Device | undefined => {
    const device = known.get(id) ?? deps.site.devices.get(id);
    if (device) known.set(id, device);
    return device;
  };
  const rejections = new RejectionLog(deps.log);
  const reject = (reason: string, detail: Record<string, unknown>, count = 1) => {
    deps.metrics.inc(METRIC.readingsRejected[0], METRIC.readingsRejected[1], { reason }, count);
    rejections.note(reason, detail);
  };
  const send = (topic: string, payload: string, retain: boolean) =>
    deps.link
      .publish(topic, payload, { qos: 1, retain })
      .catch((err: unknown) => deps.log.error(`publish ${topic} failed`, err));
  // Each ack names the quarantined sequences it newly covers, so the device knows they were refused.
  const ack = (deviceId: string, upTo: number) => {
    const refused = devices.get(deviceId)?.sequences.takeRefused(upTo) ?? [];
    for (const msg of ackMessages(upTo, refused))
      void send(`${deps.prefix}/${deviceId}/ack`, encodeAck(msg), false);
  };
  // The acks of one turn of the event loop (every message one store commit settled) share one write
  // of those devices' state, positions included, made before any of them is sent (see
  // DeviceState.persistAcks).
  const acksDue = new Set<string>();
  const sendAcks = () => {
    const ids = [...acksDue];
    acksDue.clear();
    try {
      const { positions, written } = devices.persistAcks(ids);
      for (const [id, upTo] of positions) if (upTo >= 0) ack(id, upTo);
      for (const device of written) deps.bus.emit("device", device);
    } catch (err) {
      deps.log.error("ack positions not saved: no ack sent, the devices will send again", err);
    }
  };
  // The births and wills of one turn of the event loop share one write of those devices' state (not
  // of every device changed since the last flush): a commit each, with its fsync, took most of the
  // gateway's time in a reconnect storm.
  const statusDue = new Set<string>();
  const writeStatuses = () => {
    const ids = [...statusDue];
    statusDue.clear();
    try {
      flushDevices(ids);
    } catch (err) {
      deps.log.error("device status not saved yet: the next flush writes it", err);
    }
  };
  const statusSoon = (deviceId: string) => {
    if (statusDue.size === 0) setImmediate(writeStatuses);
    statusDue.add(deviceId);
  };
  const ackSoon = (deviceId: string) => {
    if (acksDue.size === 0) setImmediate(sendAcks);
    acksDue.add(deviceId);
  };
  // Each device's newest write under way. A birth's ack waits for it: sent before, it would name the
  // position before readings already stored, and the device would number its next readings with
  // their sequences, which the gateway would then drop as repeats. Writes settle in order, so the
  // newest covers the others.
  const writing = new Map<string, Promise<unknown>>();
  const refusedKeeper = createRefusedKeeper({
    ...{ site: deps.site, metrics: deps.metrics, reject },
    note: (reason, detail) => rejections.note(reason, detail),
    window: { ms: WRITE_WINDOW_MS, max: WRITE_WINDOW_MAX },
  });

  async function ingestReadings(deviceId: string, payload: Uint8Array, arrivalMs: number): Promise<void> {
    const device = deviceOf(deviceId);
    const state = devices.get(deviceId);
    if (!device || !state) return reject("unknown_device", { device: deviceId });
    const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("latin1");
    const decoded = decodeReadingsBatch(text);
    if (!decoded.ok) return reject(reasonOf(decoded.error), { device: deviceId, ...decoded.error });
    const batch = decoded.value;
    const mac = macProblem(device, text, batch.msg.mac !== undefined, deps.requireMac);
    if (mac !== null) return reject(mac, { device: deviceId });
    const { fresh, refused, duplicates } = toStore(device, batch, arrivalMs, state.sequences);
    if (duplicates > 0) deps.metrics.inc(METRIC.duplicates[0], METRIC.duplicates[1], {}, duplicates);
    // what is needed of the message after the write, taken now: the parsed message is not kept while
    // the write waits (a thousand messages wait at once in a flood)
    const first = firstSeq(batch);
    const { rssi: rssiDbm, drop } = batch.msg;
    const making = makeDurable(deviceId, state.sequences, fresh, refused);
    writing.set(deviceId, making);
    const durable = await making;
    if (writing.get(deviceId) === making) writing.delete(deviceId);
    if (!durable) return;
    const { storedFresh, quarantined } = durable;
    if (first !== undefined) {
      // Quarantined readings are consumed too (kept, not stored), or the device would resend them
      // forever: the ack's upTo passes over them and its `refused` names them.
      const done = storedFresh.map((r) => r.seq);
      for (const seq of quarantined) done.push(seq);
      const gap = state.sequences.markStored(done, first, quarantined);
      if (gap > 0) deps.metrics.inc(METRIC.sequenceGaps[0], METRIC.sequenceGaps[1], {}, gap);
      ackSoon(deviceId);
    }
    devices.touch(deviceId, {
      lastSeenMs: arrivalMs,
      online: true,
      ...(rssiDbm === undefined ? {} : { rssiDbm }),
    });
    noteDropped(deviceId, device, drop);
    deps.metrics.observeIngestSeconds((deps.clock.now() - arrivalMs) / 1000);
    deps.metrics.inc(METRIC.readingsIn[0], METRIC.readingsIn[1], {}, storedFresh.length);
    if (storedFresh.length > 0) deps.bus.emit("readings", storedFresh);
  }

  /**
   * Stores the fresh readings and quarantines the refused ones, side by side; returns what became
   * durable, or undefined when nothing did although something should have. What did not become
   * durable is not acked: the ack stops before it and the device sends it again.
   */
  async function makeDurable(
    deviceId: string,
    sequences: DeviceSequences,
    fresh: StoredReading[],
    refused: NewQuarantined[],
  ): Promise<{ storedFresh: StoredReading[]; quarantined: readonly number[] } | undefined> {
    const freshSeqs = fresh.map((r) => r.seq);
    const refusedSeqs = refused.length === 0 ? NONE : refused.flatMap((q) => (q.seq === null ? [] : [q.seq]));
    sequences.markPending(freshSeqs);
    sequences.markPending(refusedSeqs);
    // Each write settles on its own (one failing must not lose the other's outcome); most batches
    // have nothing refused, and no promise is made for an empty side.
    const storing = fresh.length > 0 ? settle(window.write(fresh)) : undefined;
    const keeping = refused.length > 0 ? settle(refusedKeeper.keep(refused)) : undefined;
    const storeError = await storing;
    const keepError = await keeping;
    if (keepError) failed(deviceId, sequences, refusedSeqs, refused.length, keepError.reason);
    if (storeError) failed(deviceId, sequences, freshSeqs, fresh.length, storeError.reason);
    const quarantined = keepError ? NONE : refusedSeqs;
    const storedFresh = storeError ? [] : fresh;
    return (storeError || keepError) && storedFresh.length + quarantined.length === 0
      ? undefined
      : { storedFresh, quarantined };
  }

  function failed(
    deviceId: string,
    sequences: DeviceSequences,
    seqs: readonly number[],
    count: number,
    err: unknown,
  ) {
    sequences.forgetPending(seqs);
    reject("store_failed", { device: deviceId, error: String(err) }, count);
  }

  /**
   * A device whose flash filled while it was out of reach drops its oldest readings and says how
   * many in all: they are gone, so people must know (a warning, and counted), not only the device.
   */
  function noteDropped(deviceId: string, device: Device, total: number | undefined): void {
    const before = devices.get(deviceId)?.droppedReadings ?? device.droppedReadings ?? 0;
    if (total === undefined || total <= before) return;
    deps.metrics.inc(METRIC.droppedByDevices[0], METRIC.droppedByDevices[1], {}, total - before);
    deps.log.warn(
      `device ${deviceId} dropped ${total - before} of its oldest readings (${total} in all): its flash was full while it could not send`,
    );
    devices.touch(deviceId, { droppedReadings: total });
  }

  async function ingestStatus(deviceId: string, payload: Uint8Array, arrivalMs: number): Promise<void> {
    const device = deviceOf(deviceId);
    if (!device) return reject("unknown_device", { device: deviceId });
    const decoded = decodeStatus(payload);
    if (!decoded.ok)
      return reject(`status.${reasonOf(decoded.error)}`, { device: deviceId, ...decoded.error });
    const online = decoded.value.state === "online";
    const { board, fw } = decoded.value;
    devices.touch(deviceId, {
      ...{ online, lastSeenMs: arrivalMs },
      ...(board ? { board } : {}),
      ...(fw ? { firmware: fw } : {}),
    });
    deps.log.info(`device ${deviceId} ${decoded.value.state}`);
    statusSoon(deviceId);
    if (!online) return;
    await send(`${deps.prefix}/${deviceId}/config`, deps.configFor(device), true);
    await writing.get(deviceId);
    ackSoon(deviceId);
  }

  function flushDevices(only?: string[]): void {
    for (const device of devices.flush(only)) deps.bus.emit("device", device);
  }

  const turns = new ArrivalTurns(deps.clock, ({ topic, payload, arrivalMs }) => {
    const parsed = parseTopic(deps.prefix, topic);
    if (!parsed.ok) return reject(`topic.${reasonOf(parsed.error)}`, { topic });
    const { deviceId, channel } = parsed.value;
    const step = channel === "readings" ? ingestReadings : channel === "status" ? ingestStatus : undefined;
    if (!step) return reject("topic.channel:not_from_device", { topic });
    const work = step(deviceId, payload, arrivalMs).catch((err: unknown) =>
      deps.log.error(`ingest of ${topic} failed`, err),
    );
    inFlight.add(work);
    void work.then(() => inFlight.delete(work));
  });

  return {
    handle: (topic, payload) => turns.push(topic, payload),
    idle: async () => {
      while (turns.size > 0 || inFlight.size > 0) {
        turns.takeAll();
        window.flush();
        refusedKeeper.flush();
        await Promise.all([...inFlight]);
      }
      writeStatuses();
      sendAcks();
    },
    flushDevices,
  };
}

/** The batch's oldest sequence number, of a valid reading or a refused one that has one. */
function firstSeq(batch: ReadingsBatch): number | undefined {
  let first: number | undefined;
  for (const r of batch.msg.r) if (first === undefined || r.s < first) first = r.s;
  for (const r of batch.refused) if (r.seq !== null && (first === undefined || r.seq < first)) first = r.seq;
  return first;
}

const NONE: readonly number[] = [];

/** Resolves with the write's failure, or undefined once it is durable: never rejects. */
function settle(write: Promise<unknown>): Promise<{ reason: unknown } | undefined> {
  return write.then(
    () => undefined,
    (reason: unknown) => ({ reason }),
  );
}
