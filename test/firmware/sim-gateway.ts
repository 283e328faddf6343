// The real gateway (build(): embedded aedes, ingest, SQLite, the real rules, on the simulation's
// clock) as the firmware simulation tests see it: stopped and started on the same data folder and
// port like a site's, with what they check read from the real parts: the readings it stored (bus),
// the connection attempts it answered (the broker's CONNACKs), the messages it refused (its metrics)
// and its acks (the device records). The firmware tests' own formulas are not in it: a reading's
// place in time is the gateway's.
import type { Aedes } from "aedes";
import { build, type Gateway } from "../../gateway/app.js";
import type { EmbeddedBroker } from "../../gateway/broker/embedded-broker.js";
import { validateConfig } from "../../gateway/config/load.js";
import { hashDeviceSecret } from "../../gateway/devices/secret.js";
import { DOMAIN, knownIds } from "../../gateway/engine/domain.js";
import { createLogger } from "../../gateway/log.js";
import type { StoredReading } from "../../gateway/store/readings-store.js";
import { decodeReadingsBatch } from "../../shared/protocol/decode-readings.js";
import type { WireReading } from "../../shared/protocol/types.js";

/** A reading as the device sent it, and where the gateway placed it in time (Unix seconds). */
export interface Placed extends WireReading {
  unixS: number;
}

export interface FirmwareGatewayOptions {
  /** where its SQLite file lives, kept across a stop and a start */
  dataDir: string;
  /** the gateway's clock, Unix ms (the simulation's) */
  nowMs(): number;
  /** device id -> MQTT password; each device gets a home freezer of its own */
  passwords: Record<string, string>;
  /** false: the config message (with the time) never reaches a device, whose clock stays unset */
  sendConfig: boolean;
  /** the devices' sampling interval, seconds (default: the profile's) */
  intervalS?: number;
  /** the home freezer's critical limit, which the config gives the devices as their local alarm */
  alarmHighC?: number;
  /** device id -> HMAC key the gateway verifies its messages with */
  hmacKeys?: Record<string, string>;
}

const PROFILE = "home-freezer";

export class FirmwareGateway {
  port = 0;
  /** gateway time of every CONNECT it answered, Unix seconds */
  readonly attemptsS: number[] = [];
  /** connections refused (a wrong password) */
  refused = 0;
  /** readings per readings message received */
  readonly batchSizes: number[] = [];
  private gw: Gateway | undefined;
  private readonly stored = new Map<string, Map<number, StoredReading>>();
  private readonly sent = new Map<string, WireReading>();
  private readonly rejectedBefore: string[] = [];

  constructor(readonly o: FirmwareGatewayOptions) {}

  async start(): Promise<void> {
    const override =
      this.o.alarmHighC === undefined ? {} : { [PROFILE]: { criticalHighC: this.o.alarmHighC } };
    const loaded = validateConfig(
      {
        dataDir: this.o.dataDir,
        mqtt: { host: "127.0.0.1", port: this.port },
        http: { host: "127.0.0.1", port: 0 },
        log: { level: "silent" },
        profiles: override,
      },
      knownIds(DOMAIN),
    );
    if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
    const gw = await build({
      ...{ config: loaded.config, domain: DOMAIN, clock: { now: this.o.nowMs } },
      log: createLogger("silent"),
    });
    this.gw = gw;
    for (const [id, password] of Object.entries(this.o.passwords)) this.provision(gw, id, password);
    gw.bus.on("readings", "firmware-test", (readings) => {
      for (const r of readings) {
        const byDevice = this.stored.get(r.deviceId) ?? new Map<number, StoredReading>();
        byDevice.set(r.seq, r);
        this.stored.set(r.deviceId, byDevice);
      }
    });
    await gw.start();
    this.port = gw.mqttPort;
    this.watch((gw.link.opened as EmbeddedBroker).aedes);
  }

  async stop(): Promise<void> {
    const gw = this.gw;
    if (!gw) return;
    this.rejectedBefore.push(...rejectedReasons(gw));
    this.gw = undefined;
    await gw.close();
  }

  /** resolves once every message it was sent is processed and acked (none while it is stopped) */
  async idle(): Promise<void> {
    await this.gw?.ingest.idle();
  }

  /** what the device sent and the gateway stored, in sequence order */
  readings(deviceId: string): Placed[] {
    const stored = [...(this.stored.get(deviceId)?.values() ?? [])].sort((a, b) => a.seq - b.seq);
    return stored.map((r) => {
      const sent = this.sent.get(`${deviceId}:${r.seq}`);
      if (!sent) throw new Error(`${deviceId} #${r.seq} was stored but never seen on the broker`);
      return { ...sent, c: r.tempC, ...(r.fault ? { f: r.fault } : {}), unixS: r.timeMs / 1000 };
    });
  }

  /** the reasons of every readings message refused, once per reading */
  get rejected(): string[] {
    return [...this.rejectedBefore, ...(this.gw ? rejectedReasons(this.gw) : [])];
  }

  /** the highest contiguous sequence acked per device */
  readonly ackedUpTo = {
    get: (deviceId: string): number | undefined => this.gw?.site.devices.get(deviceId)?.ackedUpTo,
  };

  /** changes a device's password on the gateway (as an admin re-provisioning it would) */
  setPassword(deviceId: string, password: string): void {
    const device = this.gw?.site.devices.get(deviceId);
    if (device) this.gw?.site.devices.put({ ...device, secretHash: hashDeviceSecret(password) });
  }

  private provision(gw: Gateway, id: string, password: string): void {
    if (gw.site.devices.get(id)) return;
    const unitId = `unit-${id}`;
    gw.site.units.put({ id: unitId, name: `Freezer ${id}`, profileId: PROFILE, createdAtMs: this.o.nowMs() });
    const intervalS = this.o.intervalS === undefined ? {} : { intervalS: this.o.intervalS };
    const { device } = gw.devices.create({ id, unitId, ...intervalS }, "test");
    const hmacKey = this.o.hmacKeys?.[id];
    gw.site.devices.put({
      ...device,
      secretHash: hashDeviceSecret(password),
      ...(hmacKey === undefined ? {} : { hmacKey }),
    });
  }

  private watch(aedes: Aedes): void {
    aedes.on("connackSent", (connack) => {
      this.attemptsS.push(this.o.nowMs() / 1000);
      if (connack.returnCode !== 0) this.refused++;
    });
    aedes.on("publish", (packet) => {
      const deviceId = /^milkguard\/([^/]+)\/readings$/.exec(packet.topic)?.[1];
      const batch = deviceId ? decodeReadingsBatch(packet.payload as Buffer) : undefined;
      if (!deviceId || !batch?.ok) return;
      this.batchSizes.push(batch.value.received.length);
      for (const r of batch.value.msg.r) this.sent.set(`${deviceId}:${r.s}`, r);
    });
    if (this.o.sendConfig) return;
    const forward = aedes.authorizeForward.bind(aedes);
    aedes.authorizeForward = (client, packet) =>
      packet.topic.endsWith("/config") ? null : forward(client, packet);
  }
}

/** a gateway's refused readings from its metrics, one reason per refused reading */
function rejectedReasons(gw: Gateway): string[] {
  const reasons: string[] = [];
  for (const line of gw.metrics.render().split("\n")) {
    const m = /^milkguard_readings_rejected_total\{reason="([^"]+)"\} (\d+)$/.exec(line);
    if (m?.[1]) for (let i = 0; i < Number(m[2]); i++) reasons.push(m[1]);
  }
  return reasons;
}
