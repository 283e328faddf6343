// Gateway speed on loopback: bare aedes QoS 1 forwarding (no gateway logic) against the full
// pipeline (auth, decode, dedupe, SQLite, ack, rules, alerts), publish -> alert latency (as a
// dashboard receives it over server-sent events) under a steady 5,000 readings/s, and the gateway's
// RSS with 10,000 idle connected sensors (in a process of its own: test/gateway/scale/idle-sensors.ts).
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Aedes } from "aedes";
import mqtt, { type MqttClient } from "mqtt";
import type { Gateway } from "../gateway/app.js";
import { createUser } from "../gateway/auth/users.js";
import { listenMqttTcp } from "../gateway/broker/listeners.js";
import { hashDeviceSecret } from "../gateway/devices/secret.js";
import { idleSensorsMemory } from "../test/gateway/scale/idle-sensors.js";
import { startBenchGateway } from "./bench-gateway.js";

const PUBLISHERS = 20;
/** QoS 1 publishes each publisher keeps unanswered: the end-to-end window devices also keep */
const WINDOW = 50;
const MESSAGES = 60_000;
const LATENCY_RATE = 5_000;
const LATENCY_PROBES = 100;
const IDLE_SENSORS = 10_000;
const PASSWORD = "bench-password";
const FREEZER = "home-freezer";

export async function run(): Promise<Record<string, string | number>> {
  const bare = await bareAedesRate();
  const pipeline = await withGateway(PUBLISHERS + LATENCY_PROBES, (gw) => pipelineRate(gw));
  const latency = await withGateway(PUBLISHERS + LATENCY_PROBES, (gw) => alertLatency(gw));
  const idle = await idleSensorsMemory(IDLE_SENSORS);
  if (idle.connected !== IDLE_SENSORS) console.warn(`idle sensors: ${idle.connected} connected`);
  return {
    "bare aedes QoS1 msg/s": Math.round(bare),
    "pipeline readings/s": Math.round(pipeline),
    "pipeline / bare aedes (goal >= 0.5)": Number((pipeline / bare).toFixed(2)),
    [`publish->stored p50 ms @${LATENCY_RATE}/s`]: Number(latency.stored.p50.toFixed(1)),
    [`publish->stored p99 ms @${LATENCY_RATE}/s`]: Number(latency.stored.p99.toFixed(1)),
    [`publish->SSE alert p50 ms @${LATENCY_RATE}/s`]: Number(latency.alert.p50.toFixed(1)),
    [`publish->SSE alert p99 ms @${LATENCY_RATE}/s (goal < 50)`]: Number(latency.alert.p99.toFixed(1)),
    [`RSS MiB, ${IDLE_SENSORS} idle sensors, gateway as npm start runs it (goal <= 300)`]: idle.rssMiB,
    [`heap used MiB, ${IDLE_SENSORS} idle sensors`]: idle.heapUsedMiB,
  };
}

export function readingsText(seq: number, tempC: number, timeS: number): string {
  return `{"v":1,"boot":1,"up":100,"r":[{"s":${seq},"t":${timeS},"c":${tempC}}]}`;
}

async function bareAedesRate(): Promise<number> {
  const aedes = await Aedes.createBroker();
  let received = 0;
  await new Promise<void>((resolve) =>
    aedes.subscribe(
      "milkguard/+/readings",
      (_p, done) => {
        received++;
        done();
      },
      resolve,
    ),
  );
  const tcp = await listenMqttTcp(aedes, 0, "127.0.0.1");
  const clients = await connectAll(tcp.port, PUBLISHERS, (i) => ({ username: `d${i}` }));
  const started = performance.now();
  await flood(
    clients,
    (i) => `milkguard/d${i}/readings`,
    () => received,
  );
  const rate = MESSAGES / ((performance.now() - started) / 1000);
  await Promise.all(clients.map((c) => c.endAsync(true)));
  await tcp.close();
  await new Promise<void>((resolve) => aedes.close(() => resolve()));
  return rate;
}

async function pipelineRate(gw: Gateway): Promise<number> {
  let stored = 0;
  gw.bus.on("readings", "bench", (r) => {
    stored += r.length;
  });
  const clients = await connectDevices(gw, PUBLISHERS);
  const started = performance.now();
  await flood(
    clients,
    (i) => `milkguard/bench-${i}/readings`,
    () => stored,
  );
  const rate = MESSAGES / ((performance.now() - started) / 1000);
  await Promise.all(clients.map((c) => c.endAsync(true)));
  return rate;
}

/** Sends MESSAGES readings spread over the clients, each with WINDOW in flight; waits until `done()` counts them all. */
async function flood(clients: MqttClient[], topic: (i: number) => string, done: () => number): Promise<void> {
  const per = Math.ceil(MESSAGES / clients.length);
  const nowS = Math.floor(Date.now() / 1000) - per;
  await Promise.all(
    clients.map(async (client, i) => {
      let next = 0;
      const lane = async () => {
        while (next < per) {
          const seq = next++;
          await client.publishAsync(topic(i), readingsText(seq, -19, nowS + seq), { qos: 1 });
        }
      };
      await Promise.all(Array.from({ length: WINDOW }, lane));
    }),
  );
  while (done() < per * clients.length) await new Promise((resolve) => setTimeout(resolve, 5));
}

export interface Latency {
  p50: number;
  p99: number;
}

/**
 * A steady background of readings, and probes that each tip a unit over its alarm delay: the time
 * from a probe's publish to its readings on the bus (stored, acked) and to its alert on the bus.
 */
async function alertLatency(gw: Gateway): Promise<{ stored: Latency; alert: Latency }> {
  const clients = await connectDevices(gw, PUBLISHERS + LATENCY_PROBES);
  const background = clients.slice(0, PUBLISHERS);
  const probes = clients.slice(PUBLISHERS);
  const profile = gw.catalog.profile(FREEZER);
  if (!profile) throw new Error(`no ${FREEZER} profile`);
  const hot = profile.criticalHighC.value + 5;
  const delayS = profile.alarmDelayMin.value * 60;
  const nowS = Math.floor(Date.now() / 1000);
  const probeTopic = (i: number) => `milkguard/bench-${PUBLISHERS + i}/readings`;
  // Each probe unit has been too warm for its whole alarm delay, bar the reading that completes it.
  await Promise.all(
    probes.map((c, i) => c.publishAsync(probeTopic(i), readingsText(0, hot, nowS - delayS), { qos: 1 })),
  );
  await gw.ingest.idle();
  const sentAt = new Map<string, number>();
  const stored: number[] = [];
  const alerted: number[] = [];
  gw.bus.on("readings", "bench", (batch) => {
    const t0 = sentAt.get(batch[0]?.unitId ?? "");
    if (t0 !== undefined) stored.push(performance.now() - t0);
  });
  // as a member of staff with the dashboard open: the alert as it arrives over server-sent events
  const stream = await openEventStream(gw, (event, data) => {
    if (event !== "alert") return;
    const alert = data as { unitId: string; state: string };
    const t0 = sentAt.get(alert.unitId);
    if (t0 !== undefined && alert.state === "open") alerted.push(performance.now() - t0);
  });
  const stop = steadyLoad(background, LATENCY_RATE);
  for (let i = 0; i < probes.length; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    sentAt.set(`bench-unit-${PUBLISHERS + i}`, performance.now());
    probes[i]?.publish(probeTopic(i), readingsText(1, hot, nowS + 1), { qos: 1 });
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  await stop();
  await Promise.all(clients.map((c) => c.endAsync(true)));
  stream.close();
  if (alerted.length < probes.length)
    console.warn(`latency: ${alerted.length} of ${probes.length} probes alerted`);
  return { stored: quantiles(stored), alert: quantiles(alerted) };
}

/** Signs in a staff user and reads /api/events as the dashboard does. */
async function openEventStream(
  gw: Gateway,
  onEvent: (event: string, data: unknown) => void,
): Promise<{ close: () => void }> {
  await createUser(gw.site, { name: "bench-staff", displayName: "Bench", role: "staff", password: PASSWORD });
  const base = `http://127.0.0.1:${gw.httpPort}`;
  const login = await fetch(`${base}/api/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name: "bench-staff", password: PASSWORD }),
  });
  const { token } = ((await login.json()) as { data: { token: string } }).data;
  const abort = new AbortController();
  const res = await fetch(`${base}/api/events`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  if (!res.body) throw new Error("no event stream");
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(message)?.[1];
          const data = /^data: (.*)$/m.exec(message)?.[1];
          if (event && data) onEvent(event, JSON.parse(data));
          end = buffer.indexOf("\n\n");
        }
      }
    } catch {
      // aborted when the bench closes the stream
    }
  })();
  return { close: () => abort.abort() };
}

export function quantiles(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

export function steadyLoad(clients: MqttClient[], perSecond: number): () => Promise<void> {
  const seqs = clients.map(() => 1_000_000);
  const perTick = Math.round(perSecond / 100 / clients.length) || 1;
  const timer = setInterval(() => {
    const nowS = Math.floor(Date.now() / 1000);
    clients.forEach((c, i) => {
      for (let k = 0; k < perTick; k++) {
        const seq = (seqs[i] ?? 0) + 1;
        seqs[i] = seq;
        c.publish(`milkguard/bench-${i}/readings`, readingsText(seq, -19, nowS), { qos: 1 });
      }
    });
  }, 10);
  return async () => clearInterval(timer);
}

async function withGateway<T>(devices: number, work: (gw: Gateway) => Promise<T>): Promise<T> {
  const { gw, remove } = await startBenchGateway();
  seedDevices(gw, devices);
  try {
    return await work(gw);
  } finally {
    await gw.close();
    remove();
  }
}

/** One unit and device per sensor; one hash shared by all (hashing 10,000 would only time scrypt). */
export function seedDevices(gw: Gateway, count: number): void {
  const secretHash = hashDeviceSecret(PASSWORD);
  gw.site.transaction(() => {
    for (let i = 0; i < count; i++) {
      const unitId = `bench-unit-${i}`;
      gw.site.units.put({ id: unitId, name: unitId, profileId: FREEZER, createdAtMs: Date.now() });
      gw.site.devices.put({
        id: `bench-${i}`,
        unitId,
        secretHash,
        intervalS: 60,
        online: false,
        ackedUpTo: -1,
        createdAtMs: Date.now(),
      });
    }
  });
}

export function connectDevices(gw: Gateway, count: number): Promise<MqttClient[]> {
  return connectAll(gw.mqttPort, count, (i) => ({ username: `bench-${i}`, password: PASSWORD }));
}

function connectAll(
  port: number,
  count: number,
  auth: (i: number) => { username: string; password?: string },
): Promise<MqttClient[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      // a device's client id is its user name (the gateway refuses any other)
      mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
        ...auth(i),
        clientId: auth(i).username,
        reconnectPeriod: 0,
      }),
    ),
  );
}

// `npx tsx bench/gateway.ts` runs this part alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) console.table(await run());
