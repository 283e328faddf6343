// Gateway speed on loopback, the gateway as `npm start` runs it in a process of its own
// (test/gateway/scale/gateway-child.ts) and the devices, probes and dashboard here, as on a site:
// bare aedes QoS 1 forwarding (no gateway logic, in a process of its own too) against the full
// pipeline (auth, decode, dedupe, SQLite, ack, rules, alerts) up to each device's ack, publish ->
// ack and publish -> alert latency (as a dashboard receives it over server-sent events) under a
// steady 5,000 readings/s, and the gateway's RSS with 10,000 idle connected sensors
// (test/gateway/scale/idle-sensors.ts). GATEWAY_NODE_FLAGS="--cpu-prof" writes each gateway's CPU
// profile into the current folder.
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import mqtt, { type MqttClient } from "mqtt";
import type { Gateway } from "../gateway/app.js";
import { hashDeviceSecret } from "../gateway/devices/secret.js";
import { PROFILES } from "../shared/profiles/index.js";
import { decodeAck } from "../shared/protocol/codec.js";
import { idleSensorsMemory } from "../test/gateway/scale/idle-sensors.js";
import { exited, firstLine, type GatewayPorts, withGatewayProcess } from "../test/gateway/scale/storm.js";
import { stormDeviceId, stormUnitId } from "../test/gateway/scale/storm-ids.js";

const PUBLISHERS = 20;
/** QoS 1 publishes each publisher keeps unanswered: the end-to-end window devices also keep */
const WINDOW = 50;
const MESSAGES = 60_000;
const LATENCY_RATE = 5_000;
/**
 * one probe a unit (an alert opens once): the p99 of 1,000 is the tenth worst; of 100 it was the worst,
 * which one collection decides
 */
const LATENCY_PROBES = 1000;
const WARM_UP_MS = 3_000;
const IDLE_SENSORS = 10_000;
const PASSWORD = "bench-password";
const FREEZER = "home-freezer";

export async function run(): Promise<Record<string, string | number>> {
  const bare = await bareAedesRate();
  const gateway = { count: PUBLISHERS + LATENCY_PROBES, password: PASSWORD };
  const pipeline = await withGatewayProcess(gateway, (ports) => pipelineRate(ports));
  const latency = await withGatewayProcess(gateway, (ports) => alertLatency(ports));
  const idle = await idleSensorsMemory(IDLE_SENSORS);
  if (idle.connected !== IDLE_SENSORS) console.warn(`idle sensors: ${idle.connected} connected`);
  return {
    "bare aedes QoS1 msg/s": Math.round(bare),
    "pipeline readings/s, stored and acked": Math.round(pipeline),
    "pipeline / bare aedes (goal >= 0.8)": Number((pipeline / bare).toFixed(2)),
    [`publish->acked p50 ms @${LATENCY_RATE}/s`]: Number(latency.acked.p50.toFixed(1)),
    [`publish->acked p99 ms @${LATENCY_RATE}/s`]: Number(latency.acked.p99.toFixed(1)),
    [`publish->SSE alert p50 ms @${LATENCY_RATE}/s`]: Number(latency.alert.p50.toFixed(1)),
    [`publish->SSE alert p99 ms @${LATENCY_RATE}/s (goal <= 5)`]: Number(latency.alert.p99.toFixed(1)),
    [`RSS MiB, ${IDLE_SENSORS} idle sensors, gateway as npm start runs it (goal <= 300)`]: idle.rssMiB,
    [`heap used MiB, ${IDLE_SENSORS} idle sensors`]: idle.heapUsedMiB,
  };
}

export function readingsText(seq: number, tempC: number, timeS: number): string {
  return `{"v":1,"boot":1,"up":100,"r":[{"s":${seq},"t":${timeS},"c":${tempC}}]}`;
}

/** Bare aedes in a process of its own (bare-aedes.ts); a publish is forwarded when its PUBACK is back. */
async function bareAedesRate(): Promise<number> {
  const broker = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(new URL("bare-aedes.ts", import.meta.url))],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  try {
    const { mqttPort } = JSON.parse(await firstLine(broker)) as GatewayPorts;
    const clients = await connectAll(mqttPort, PUBLISHERS, (i) => ({ username: `d${i}` }));
    const started = performance.now();
    await flood(
      clients,
      (i) => `milkguard/d${i}/readings`,
      async () => {},
    );
    const rate = MESSAGES / ((performance.now() - started) / 1000);
    await Promise.all(clients.map((c) => c.endAsync(true)));
    return rate;
  } finally {
    broker.kill();
    await exited(broker);
  }
}

/** Readings a second through the gateway, from the first publish until every device has its ack for all. */
async function pipelineRate(ports: GatewayPorts): Promise<number> {
  const clients = await connectGatewayDevices(ports.mqttPort, 0, PUBLISHERS);
  const acks = await Promise.all(clients.map((c, i) => followAcks(c, stormDeviceId(i))));
  const per = Math.ceil(MESSAGES / clients.length);
  const started = performance.now();
  await flood(clients, readingsTopic, async () => {
    await Promise.all(acks.map((a) => a.until(per - 1)));
  });
  const rate = MESSAGES / ((performance.now() - started) / 1000);
  await Promise.all(clients.map((c) => c.endAsync(true)));
  return rate;
}

const readingsTopic = (i: number) => `milkguard/${stormDeviceId(i)}/readings`;

/** Sends MESSAGES readings spread over the clients, each with WINDOW in flight; then waits for `settled`. */
async function flood(
  clients: MqttClient[],
  topic: (i: number) => string,
  settled: () => Promise<void>,
): Promise<void> {
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
  await settled();
}

export interface Latency {
  p50: number;
  p99: number;
}

/**
 * A steady background of readings, and probes that each tip a unit over its alarm delay: the time
 * from a probe's publish to its device's ack (stored) and to its alert on a staff member's dashboard.
 */
async function alertLatency(ports: GatewayPorts): Promise<{ acked: Latency; alert: Latency }> {
  const background = await connectGatewayDevices(ports.mqttPort, 0, PUBLISHERS);
  const probes = await connectGatewayDevices(ports.mqttPort, PUBLISHERS, LATENCY_PROBES);
  const probeAcks = await Promise.all(probes.map((c, i) => followAcks(c, stormDeviceId(PUBLISHERS + i))));
  const profile = PROFILES[FREEZER];
  if (!profile) throw new Error(`no ${FREEZER} profile`);
  const hot = profile.criticalHighC.value + 5;
  const delayS = profile.alarmDelayMin.value * 60;
  const nowS = Math.floor(Date.now() / 1000);
  const probeTopic = (i: number) => readingsTopic(PUBLISHERS + i);
  // Each probe unit has been too warm for its whole alarm delay, bar the second that completes it. Its
  // last reading is recent: one half an hour old would open a "sensor silent" alert on every probe
  // unit at once while the probes go out, a burst that is not what is measured here.
  for (const [i, c] of probes.entries()) {
    c.publish(probeTopic(i), readingsText(0, hot, nowS - delayS), { qos: 1 });
    c.publish(probeTopic(i), readingsText(1, hot, nowS - 1), { qos: 1 });
  }
  await Promise.all(probeAcks.map((a) => a.until(1)));
  const sentAt = new Map<string, number>();
  const acked: number[] = [];
  const alerted: number[] = [];
  // as a member of staff with the dashboard open: the alert as it arrives over server-sent events
  const stream = await openEventStream(ports.httpPort, (event, data) => {
    if (event !== "alert") return;
    const alert = data as { unitId: string; state: string; kind: string };
    const t0 = sentAt.get(alert.unitId);
    if (t0 !== undefined && alert.state === "open" && alert.kind === "temperature-excursion")
      alerted.push(performance.now() - t0);
  });
  const stop = steadyLoad(background, LATENCY_RATE, readingsTopic);
  // a gateway that has run a while: its code compiled by V8, its tables warm
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
  for (let i = 0; i < probes.length; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const t0 = performance.now();
    sentAt.set(stormUnitId(PUBLISHERS + i), t0);
    probes[i]?.publish(probeTopic(i), readingsText(2, hot, nowS + 1), { qos: 1 });
    void probeAcks[i]?.until(2).then(() => acked.push(performance.now() - t0));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  await stop();
  await Promise.all([...background, ...probes].map((c) => c.endAsync(true)));
  stream.close();
  if (alerted.length < probes.length)
    console.warn(`latency: ${alerted.length} of ${probes.length} probes alerted`);
  return { acked: quantiles(acked), alert: quantiles(alerted) };
}

/** Signs in as the gateway's staff user and reads /api/events as the dashboard does. */
async function openEventStream(
  httpPort: number,
  onEvent: (event: string, data: unknown) => void,
): Promise<{ close: () => void }> {
  const base = `http://127.0.0.1:${httpPort}`;
  const login = await fetch(`${base}/api/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name: "staff", password: PASSWORD }),
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

export function steadyLoad(
  clients: MqttClient[],
  perSecond: number,
  topic: (i: number) => string,
): () => Promise<void> {
  const seqs = clients.map(() => 1_000_000);
  const perTick = Math.round(perSecond / 100 / clients.length) || 1;
  const timer = setInterval(() => {
    const nowS = Math.floor(Date.now() / 1000);
    clients.forEach((c, i) => {
      for (let k = 0; k < perTick; k++) {
        const seq = (seqs[i] ?? 0) + 1;
        seqs[i] = seq;
        c.publish(topic(i), readingsText(seq, -19, nowS), { qos: 1 });
      }
    });
  }, 10);
  return async () => clearInterval(timer);
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

/** Gateway devices first..first+count-1 (gateway-child.ts provisions them), each on its own connection. */
function connectGatewayDevices(port: number, first: number, count: number): Promise<MqttClient[]> {
  return connectAll(port, count, (i) => ({ username: stormDeviceId(first + i), password: PASSWORD }));
}

/** Follows a device's acks: until(seq) resolves once the gateway has acked up to seq. */
async function followAcks(
  client: MqttClient,
  deviceId: string,
): Promise<{ until(seq: number): Promise<void> }> {
  const topic = `milkguard/${deviceId}/ack`;
  let upTo = -1;
  const waiting: { seq: number; resolve(): void }[] = [];
  client.on("message", (t, payload) => {
    if (t !== topic) return;
    const ack = decodeAck(payload);
    if (!ack.ok || ack.value.upTo <= upTo) return;
    upTo = ack.value.upTo;
    for (const w of waiting.splice(0)) {
      if (w.seq <= upTo) w.resolve();
      else waiting.push(w);
    }
  });
  await client.subscribeAsync(topic, { qos: 1 });
  return {
    until: (seq) =>
      seq <= upTo ? Promise.resolve() : new Promise((resolve) => waiting.push({ seq, resolve })),
  };
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
