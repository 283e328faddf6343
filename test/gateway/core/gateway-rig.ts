// The whole gateway as build() makes it (embedded aedes on a TCP port, a SQLite file, the real rules),
// with a device of one unit logged in over MQTT, for tests that go end to end.
import mqtt, { type MqttClient } from "mqtt";
import { build, type Gateway } from "../../../gateway/app.js";
import { validateConfig } from "../../../gateway/config/load.js";
import { DOMAIN, knownIds } from "../../../gateway/engine/domain.js";
import { quiet } from "./ingest-rig.js";

export async function startGateway(dataDir: string): Promise<Gateway> {
  const loaded = validateConfig(
    {
      dataDir,
      site: { ruleSet: "nice-ukamb" },
      mqtt: { host: "127.0.0.1", port: 0 },
      http: { host: "127.0.0.1", port: 0 },
      log: { level: "silent" },
    },
    knownIds(DOMAIN),
  );
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  const gw = await build({ config: loaded.config, domain: DOMAIN, log: quiet });
  await gw.start();
  return gw;
}

/** provisions a device for the unit and logs it in as a sensor would */
export async function connectDevice(gw: Gateway, deviceId: string, unitId: string): Promise<MqttClient> {
  const { password } = gw.devices.create({ id: deviceId, unitId }, "test");
  return mqtt.connectAsync(`mqtt://127.0.0.1:${gw.mqttPort}`, {
    clientId: deviceId,
    username: deviceId,
    password,
    reconnectPeriod: 0,
  });
}

/** a readings message: [unix seconds, C] from seq `firstSeq` on */
export function readingsMessage(firstSeq: number, points: [number, number][]): string {
  const r = points.map(([t, c], i) => ({ s: firstSeq + i, t, c }));
  return JSON.stringify({ v: 1, boot: 1, up: 1, r });
}
