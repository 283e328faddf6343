// One gateway behind an external broker: devices publish batches of readings through Debian's
// Mosquitto; the gateway's ingest (external link -> decode -> SQLite -> ack back through Mosquitto)
// stores them. Reports readings/s and messages/s until the last ack. Run alone with
// `npx tsx bench/external-broker.ts`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import mqtt from "mqtt";
import { EventBus } from "../gateway/bus.js";
import { createIngest } from "../gateway/ingest/ingest.js";
import { createLogger } from "../gateway/log.js";
import { Metrics } from "../gateway/metrics.js";
import { connectExternalBroker } from "../gateway/mqtt-external/external-link.js";
import { openSqliteStores } from "../gateway/store/open-store.js";
import { decodeAck, encodeReadings } from "../shared/protocol/codec.js";
import { startMosquitto } from "../test/servers/mosquitto.js";

const DEVICES = 100;
const MESSAGES_PER_DEVICE = 100;
const READINGS_PER_MESSAGE = 10;
const NOW_S = Math.floor(Date.now() / 1000);

/** One device: publishes its batches one after another, each after the broker took the previous. */
async function runDevice(url: string, id: string): Promise<void> {
  const client = await mqtt.connectAsync(url, { clientId: id, protocolVersion: 4 });
  const last = MESSAGES_PER_DEVICE * READINGS_PER_MESSAGE;
  const acked = new Promise<void>((resolve) => {
    client.on("message", (_topic, payload) => {
      const ack = decodeAck(payload);
      if (ack.ok && ack.value.upTo >= last) resolve();
    });
  });
  await client.subscribeAsync(`milkguard/${id}/ack`, { qos: 1 });
  for (let m = 0; m < MESSAGES_PER_DEVICE; m++) {
    const r = Array.from({ length: READINGS_PER_MESSAGE }, (_, i) => {
      const s = m * READINGS_PER_MESSAGE + i + 1;
      return { s, t: NOW_S - last + s, c: -20 + (s % 7) / 10 };
    });
    await client.publishAsync(
      `milkguard/${id}/readings`,
      encodeReadings({ v: 1, boot: 1, up: 9000, now: NOW_S, r }),
      {
        qos: 1,
      },
    );
  }
  await acked;
  await client.endAsync();
}

export async function run(): Promise<Record<string, string | number>> {
  const broker = await startMosquitto();
  const dir = mkdtempSync(join(tmpdir(), "milkguard-bench-external-"));
  const stores = openSqliteStores(join(dir, "bench.db"));
  const log = createLogger("silent");
  const link = await connectExternalBroker({
    url: broker.url,
    prefix: "milkguard",
    clientId: "bench-gw",
    log,
  });
  try {
    const ids = Array.from({ length: DEVICES }, (_, d) => `bench-${d}`);
    for (const id of ids) {
      stores.site.devices.put({
        id,
        unitId: `unit-${id}`,
        secretHash: "x",
        intervalS: 60,
        online: true,
        ackedUpTo: -1,
        createdAtMs: 0,
      });
    }
    const ingest = createIngest({
      prefix: "milkguard",
      link,
      site: stores.site,
      readings: stores.readings,
      bus: new EventBus(log),
      clock: { now: () => Date.now() },
      metrics: new Metrics(),
      log,
      requireMac: false,
      configFor: () => "{}",
    });
    link.onMessage((topic, payload) => ingest.handle(topic, payload));
    const started = performance.now();
    await Promise.all(ids.map((id) => runDevice(broker.url, id)));
    const seconds = (performance.now() - started) / 1000;
    const messages = DEVICES * MESSAGES_PER_DEVICE;
    return {
      [`external broker: ${DEVICES} devices, ${READINGS_PER_MESSAGE}-reading messages, readings/s stored and acked`]:
        Math.round((messages * READINGS_PER_MESSAGE) / seconds),
      "external broker: messages/s stored and acked": Math.round(messages / seconds),
    };
  } finally {
    await link.close();
    stores.close();
    rmSync(dir, { recursive: true, force: true });
    await broker.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(await run());
}
