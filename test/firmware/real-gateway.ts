// The real gateway (build(): embedded aedes, ingest, SQLite, the real rules) for firmware tests, on
// the simulation's clock so the devices' synced time and the gateway's agree.
import { build, type Gateway } from "../../gateway/app.js";
import { validateConfig } from "../../gateway/config/load.js";
import { DOMAIN, knownIds } from "../../gateway/engine/domain.js";
import type { StoredReading } from "../../gateway/store/readings-store.js";
import { BASE_UNIX_S, sim } from "./sim-harness.js";

/** `shiftMs` moves the gateway's clock away from the simulation's (a gateway whose clock was corrected). */
export async function startRealGateway(
  dataDir: string,
  mqttPort = 0,
  requireMac = false,
  shiftMs: () => number = () => 0,
): Promise<Gateway> {
  const loaded = validateConfig(
    {
      dataDir,
      site: { ruleSet: "nice-ukamb" },
      mqtt: { host: "127.0.0.1", port: mqttPort, requireMac },
      http: { host: "127.0.0.1", port: 0 },
      log: { level: "silent" },
    },
    knownIds(DOMAIN),
  );
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  const gateway = await build({
    config: loaded.config,
    domain: DOMAIN,
    clock: { now: () => BASE_UNIX_S * 1000 + sim.clock.nowMs + shiftMs() },
  });
  await gateway.start();
  sim.clock.waitAlsoFor = () => gateway.ingest.idle();
  return gateway;
}

/** a unit's stored readings in sequence order */
export async function storedReadings(gateway: Gateway, unitId: string): Promise<StoredReading[]> {
  const all = await gateway.readings.range({ unitId, fromMs: 0, toMs: 4e12 });
  return all.sort((a, b) => a.seq - b.seq);
}
