// Stand-in for the gateway until gateway/app.ts lands: a real aedes broker over TCP with device
// passwords, and an in-process ingest that decodes, places in event time, dedupes by sequence,
// acks the highest contiguous sequence and sends the config (time, interval) when a device comes online.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { Aedes } from "aedes";
import { decodeReadings, encodeAck, encodeConfig } from "../../shared/protocol/codec.js";
import { splitSignedPayload } from "../../shared/protocol/hmac.js";
import { parseTopic } from "../../shared/protocol/topics.js";
import type { WireReading } from "../../shared/protocol/types.js";

export interface Placed extends WireReading {
  deviceId: string;
  /** event time, Unix seconds, or null when an uptime from another boot cannot be placed */
  unixS: number | null;
}

export interface TestGatewayOptions {
  /** gateway wall clock, Unix seconds (the test's virtual clock) */
  nowS: () => number;
  passwords: Record<string, string>;
  /** send the config message with the time when a device comes online */
  sendConfig: boolean;
  intervalS?: number;
  alarmHighC?: number;
  /** per-device HMAC keys: messages must carry a matching mac (checked with node:crypto) */
  hmacKeys?: Record<string, string>;
}

export class TestGateway {
  port = 0;
  stored = new Map<string, Placed[]>();
  ackedUpTo = new Map<string, number>();
  rejected: string[] = [];
  connects = 0;
  /** gateway time of every CONNECT, Unix seconds */
  attemptsS: number[] = [];
  /** readings per message received */
  batchSizes: number[] = [];
  refused = 0;
  private broker: Aedes | undefined;
  private server: Server | undefined;
  private sockets = new Set<Socket>();

  constructor(readonly o: TestGatewayOptions) {}

  async start(): Promise<void> {
    const broker = await Aedes.createBroker({
      authenticate: (_client, username, password, done) => {
        this.connects++;
        this.attemptsS.push(this.o.nowS());
        const ok = username !== undefined && this.o.passwords[username] === password?.toString();
        if (!ok) this.refused++;
        done(ok ? null : Object.assign(new Error("bad credentials"), { returnCode: 4 as const }), ok);
      },
    });
    broker.subscribe(
      "milkguard/+/readings",
      (packet, done) => {
        this.ingest(packet.topic, packet.payload);
        done();
      },
      () => {},
    );
    broker.subscribe(
      "milkguard/+/status",
      (packet, done) => {
        this.status(packet.topic, packet.payload);
        done();
      },
      () => {},
    );
    this.broker = broker;
    const server = createServer((socket) => {
      // Small MQTT packets: without this, Nagle holds an ack or config behind the last one for ~40 ms.
      socket.setNoDelay(true);
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      broker.handle(socket);
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
    await new Promise<void>((resolve) => this.broker?.close(() => resolve()) ?? resolve());
    this.server = undefined;
    this.broker = undefined;
  }

  readings(deviceId: string): Placed[] {
    return [...(this.stored.get(deviceId) ?? [])].sort((a, b) => a.s - b.s);
  }

  private publish(topic: string, payload: string): void {
    this.broker?.publish({ cmd: "publish", topic, payload, qos: 1, retain: true, dup: false }, () => {});
  }

  private status(topic: string, payload: Buffer | string): void {
    const parsed = parseTopic("milkguard", topic);
    if (!parsed.ok || !String(payload).includes('"online"')) return;
    const id = parsed.value.deviceId;
    if (this.o.sendConfig) {
      const config = {
        v: 1,
        interval: this.o.intervalS ?? 60,
        time: Math.floor(this.o.nowS()),
        ...(this.o.alarmHighC === undefined ? {} : { alarmHighC: this.o.alarmHighC }),
      };
      this.publish(`milkguard/${id}/config`, encodeConfig(config));
    }
    const upTo = this.ackedUpTo.get(id);
    if (upTo !== undefined) this.publish(`milkguard/${id}/ack`, encodeAck({ v: 1, upTo }));
  }

  private ingest(topic: string, payload: Buffer | string): void {
    const parsed = parseTopic("milkguard", topic);
    const m = decodeReadings(typeof payload === "string" ? payload : new Uint8Array(payload));
    if (!parsed.ok || !m.ok) {
      this.rejected.push(JSON.stringify(parsed.ok ? (m.ok ? "" : m.error) : parsed.error));
      return;
    }
    const id = parsed.value.deviceId;
    const key = this.o.hmacKeys?.[id];
    if (key !== undefined && !macMatches(key, String(payload))) {
      this.rejected.push("mac");
      return;
    }
    this.batchSizes.push(m.value.r.length);
    const list = this.stored.get(id) ?? [];
    const seen = new Set(list.map((r) => r.s));
    const arrivalS = this.o.nowS();
    for (const r of m.value.r) {
      if (seen.has(r.s)) continue;
      const unixS = r.u ? (r.b === m.value.boot ? arrivalS - m.value.up + r.t : null) : r.t;
      list.push({ ...r, deviceId: id, unixS });
      seen.add(r.s);
    }
    this.stored.set(id, list);
    let upTo = this.ackedUpTo.get(id) ?? -1;
    while (seen.has(upTo + 1)) upTo++;
    if (upTo >= 0) {
      this.ackedUpTo.set(id, upTo);
      this.publish(`milkguard/${id}/ack`, encodeAck({ v: 1, upTo }));
    }
  }
}

/** The gateway's side of the canonical form, with node:crypto (not the firmware's code). */
function macMatches(key: string, payload: string): boolean {
  const parts = splitSignedPayload(payload);
  if (!parts) return false;
  const expected = createHmac("sha256", key).update(parts.unsigned, "latin1").digest();
  const got = Buffer.from(parts.mac, "hex");
  return got.length === expected.length && timingSafeEqual(got, expected);
}
