// The fuzz part of the hostile bench: FUZZ_PAYLOADS malformed payloads over MQTT from FUZZ_LANES
// logged-in devices (bad JSON, wrong types, huge and out-of-range sequences, 1970 and future times,
// too many readings, bad status, other devices' topics, payloads over the payload and packet limits)
// and from strangers (random bytes, truncated CONNECTs, a PUBLISH before CONNECT, wrong passwords),
// while a canary device sends a batch, waits for its ack, and sends the next.
import { connect } from "node:net";
import { performance } from "node:perf_hooks";
import type { MqttClient } from "mqtt";
import { MAX_PAYLOAD_BYTES, MAX_READINGS_PER_BATCH } from "../shared/protocol/limits.js";
import {
  type ChildGateway,
  connectDevice,
  connectPacket,
  metricSum,
  nextAck,
  PATIENCE_MS,
  pollHealth,
  readingsText,
  sleep,
  withGateway,
} from "./hostile-rig.js";

const FUZZ_PAYLOADS = 100_000;
/** logged-in fuzzing devices, each also opening raw connections */
const FUZZ_LANES = 24;

export async function fuzz(): Promise<Record<string, string | number>> {
  const lanes = Array.from({ length: FUZZ_LANES }, (_, i) => `fuzz-${i}`);
  return withGateway([...lanes, "canary"], async (gw) => {
    const next = fuzzMix(seeded(10), Math.floor(Date.now() / 1000));
    const health = pollHealth(gw.httpPort);
    const canary = startCanary(gw, "canary");
    const sent = { mqtt: 0, raw: 0 };
    const started = performance.now();
    // a lane whose device cannot log in again stops: the gateway is gone, and counted as crashed
    const lane = async (id: string) => {
      let device = await Connected.open(gw, id);
      while (device && sent.mqtt + sent.raw < FUZZ_PAYLOADS && !gw.exited()) {
        const item = next(id);
        if (item.via === "publish") {
          sent.mqtt++;
          await device.publish(item);
          if (device.closed) device = await Connected.open(gw, id);
        } else {
          sent.raw++;
          await (item.via === "raw" ? rawExchange(gw.mqttPort, item.bytes) : refusedLogin(gw, item.id));
        }
      }
      device?.client.end(true);
    };
    await Promise.all(lanes.map(lane));
    const fuzzS = (performance.now() - started) / 1000;
    const acks = await canary.stop();
    const polls = await health.stop();
    const refusals = gw.exited()
      ? Number.NaN
      : (await metricSum(gw.httpPort, "milkguard_readings_rejected_total")) +
        (await metricSum(gw.httpPort, "milkguard_auth_failures_total")) +
        (await metricSum(gw.httpPort, "milkguard_mqtt_connections_closed_total"));
    return {
      "fuzz payloads sent (logged in / not)": `${sent.mqtt + sent.raw} (${sent.mqtt} / ${sent.raw})`,
      "fuzz payloads/s": Math.round((sent.mqtt + sent.raw) / fuzzS),
      "fuzz: gateway crashes (goal 0)": gw.exited() ? 1 : 0,
      "fuzz: refusals counted in /metrics": refusals,
      "fuzz: canary acks received / expected": `${acks.received} / ${acks.expected}`,
      "fuzz: canary worst ack ms": Math.round(acks.worstMs),
      "fuzz: /healthz worst ms (goal < 1000)": Math.round(polls.worstMs),
      "fuzz: /healthz polls (unanswered)": `${polls.polls} (${polls.unanswered})`,
    };
  });
}

type FuzzItem =
  | { via: "publish"; topic: string; payload: string | Buffer; qos: 0 | 1; closes: boolean }
  | { via: "raw"; bytes: Buffer }
  | { via: "login"; id: string };

/** Returns the next hostile payload for a logged-in device `id`, drawn by each kind's share. */
function fuzzMix(random: () => number, nowS: number): (id: string) => FuzzItem {
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const int = (below: number) => Math.floor(random() * below);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const msg = (r: unknown, extra: object = {}) => JSON.stringify({ v: 1, boot: 1, up: 100, r, ...extra });
  const one = (s: unknown, t: unknown, c: unknown = -19) => msg([{ s, t, c }]);
  const own = (id: string, payload: string | Buffer, channel = "readings"): FuzzItem => ({
    ...{ via: "publish", topic: `milkguard/${id}/${channel}`, payload },
    ...{ qos: int(5) === 0 ? 0 : 1, closes: false },
  });
  // a publish the broker refuses: it closes the connection, the device logs in again
  const refused = (topic: string, payload: string | Buffer): FuzzItem => ({
    ...{ via: "publish", topic, payload, qos: 0, closes: true },
  });
  const connectBytes = connectPacket("fuzz-0", "fuzz-0", "not-the-password");
  const kinds: [share: number, make: (id: string) => FuzzItem][] = [
    [12, (id) => own(id, pick(['{"v":1,', "not json", "", "[]", "null", '{"v":1,"r":[{"s":1,"t":']))],
    [4, (id) => own(id, bytes(1 + int(256)))],
    [
      14,
      (id) =>
        own(
          id,
          pick([
            JSON.stringify({ v: "1", r: "x" }),
            one(String(int(1e6)), nowS),
            one(int(1e6), String(nowS)),
            one(int(1e6), nowS, "-19"),
            one(-1, nowS),
            one(1.5, nowS),
            `{"v":1,"boot":1,"up":1,"r":[{"s":1,"t":${nowS},"c":1e999}]}`,
            msg({ s: 1 }),
            msg([[[[[[[[]]]]]]]]),
            JSON.stringify({ v: 2, boot: 1, up: 1, r: [] }),
            msg([{ s: int(1e6), t: nowS, c: -19 }], { bat: "full", rssi: 1e300, boot: -1 }),
          ]),
        ),
    ],
    [10, (id) => own(id, one(1e12 + int(1e6), nowS - 60))],
    [8, (id) => own(id, one(pick([2 ** 53, 2 ** 60, 1e300]), nowS - 60))],
    [8, (id) => own(id, one(int(1e6), pick([0, 1, 946684800])))],
    [8, (id) => own(id, one(int(1e6), pick([nowS + 86_400, nowS + 3e9, 1e12])))],
    [5, (id) => own(id, readingsText(int(1e6), MAX_READINGS_PER_BATCH + 1, nowS - 86_400))],
    [5, (id) => own(id, readingsText(int(1e6), 3, nowS - 86_400))],
    [
      5,
      (id) =>
        own(id, pick(['{"v":1,"state":"asleep"}', '{"v":1}', "offline", '{"state":"online"}']), "status"),
    ],
    [4, () => refused(pick(["milkguard/canary/readings", "milkguard/canary/ack", "$SYS/x", "a/b"]), "{}")],
    [3, (id) => refused(`milkguard/${id}/readings`, Buffer.alloc(MAX_PAYLOAD_BYTES + 1024, 0x20))],
    [3, (id) => refused(`milkguard/${id}/readings`, Buffer.alloc(100 * 1024, 0x20))],
    [4, () => ({ via: "raw", bytes: bytes(1 + int(512)) })],
    [3, () => ({ via: "raw", bytes: connectBytes.subarray(0, 1 + int(connectBytes.length - 1)) })],
    [1, () => ({ via: "raw", bytes: Buffer.from("300a0003612f627b7d000000", "hex") })], // PUBLISH before CONNECT
    [1, () => ({ via: "login", id: pick(["nobody", "fuzz-1", "canary"]) })],
  ];
  // one entry per share, drawn uniformly
  const bag = kinds.flatMap(([share, make]) => Array.from({ length: share }, () => make));
  return (id) => pick(bag)(id);
}

/** A logged-in device's connection, and whether the gateway has closed it. */
class Connected {
  closed = false;
  private readonly gone: Promise<void>;

  private constructor(readonly client: MqttClient) {
    this.gone = new Promise((resolve) =>
      client.once("close", () => {
        this.closed = true;
        resolve();
      }),
    );
  }

  /** undefined when the gateway does not let the device log in */
  static async open(gw: ChildGateway, id: string): Promise<Connected | undefined> {
    const client = await connectDevice(gw.mqttPort, id, gw.passwords[id] ?? "").catch(() => undefined);
    return client && new Connected(client);
  }

  async publish(item: FuzzItem & { via: "publish" }): Promise<void> {
    const published = this.client.publishAsync(item.topic, item.payload, { qos: item.qos }).catch(() => {});
    await Promise.race([published, this.gone]);
    if (item.closes) await Promise.race([this.gone, sleep(PATIENCE_MS)]);
  }
}

/** Opens a TCP connection, sends `bytes` and hangs up; resolves once the gateway has closed it too. */
function rawExchange(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const timer = setTimeout(() => socket.destroy(), PATIENCE_MS);
    socket.on("error", () => {});
    socket.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once("connect", () => socket.end(bytes));
  });
}

async function refusedLogin(gw: ChildGateway, id: string): Promise<void> {
  const client = await connectDevice(gw.mqttPort, id, "guessed-password").catch(() => undefined);
  client?.end(true);
}

/** A well-behaved device: a batch, its ack (or PATIENCE_MS), 50 ms, the next batch. */
function startCanary(gw: ChildGateway, id: string) {
  const acks = { expected: 0, received: 0, worstMs: 0 };
  let running = true;
  const loop = (async () => {
    const client = await connectDevice(gw.mqttPort, id, gw.passwords[id] ?? "");
    await client.subscribeAsync(`milkguard/${id}/ack`, { qos: 1 });
    const baseS = Math.floor(Date.now() / 1000) - 86_400;
    for (let seq = 0; running; seq += 5) {
      const acked = nextAck(client);
      const started = performance.now();
      client.publish(`milkguard/${id}/readings`, readingsText(seq, 5, baseS), { qos: 1 });
      acks.expected++;
      if ((await acked) === seq + 4) acks.received++;
      acks.worstMs = Math.max(acks.worstMs, performance.now() - started);
      await sleep(50);
    }
    client.end(true);
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return acks;
    },
  };
}

/** mulberry32: the same mix of payloads on every run */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
