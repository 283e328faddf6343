// The real gateway for a reconnect storm or a bench, in a process of its own (build() as `npm start`
// makes it), so that a crash is an exit and its memory and time are this process's alone. Provisions
// `count` devices, one freezer each, all with the same password, and a staff user "staff" with that
// password too (for a dashboard's live events), and prints one line of JSON with its ports. Run as
// `npm start` runs the gateway: compiled to JavaScript (storm.ts bundles it) on plain node. Each line
// "memory" on its stdin is answered with one line of JSON: the process's memory after a full
// collection (node --expose-gc).
//
// usage: gateway-child.ts <data folder> <count> <password> [{"mqtt": …, "http": …} settings as JSON]
import { build } from "../../../gateway/app.js";
import { createUser } from "../../../gateway/auth/users.js";
import { validateConfig } from "../../../gateway/config/load.js";
import { hashDeviceSecret } from "../../../gateway/devices/secret.js";
import { DOMAIN, knownIds } from "../../../gateway/engine/domain.js";
import { boundHeapGrowth } from "../../../gateway/heap-growth.js";
import { stormDeviceId, stormUnitId } from "./storm-ids.js";

const [dataDir, countArg, password, settingsJson] = process.argv.slice(2);
if (!dataDir || !password)
  throw new Error("usage: gateway-child.ts <data folder> <count> <password> [settings]");
const settings = (settingsJson ? JSON.parse(settingsJson) : {}) as { mqtt?: object; http?: object };
const loaded = validateConfig(
  {
    dataDir,
    mqtt: { host: "127.0.0.1", port: 0, ...settings.mqtt },
    http: { host: "127.0.0.1", port: 0, ...settings.http },
    log: { level: "silent" },
  },
  knownIds(DOMAIN),
);
if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
boundHeapGrowth(); // as main.ts does: the bench measures the gateway `npm start` runs
const gw = await build({ config: loaded.config, domain: DOMAIN });
await gw.start();
const secretHash = hashDeviceSecret(password);
const createdAtMs = Date.now();
gw.site.transaction(() => {
  for (let i = 0; i < Number(countArg); i++) {
    const unitId = stormUnitId(i);
    gw.site.units.put({ id: unitId, name: `Freezer ${i}`, profileId: "home-freezer", createdAtMs });
    gw.site.devices.put({
      ...{ id: stormDeviceId(i), unitId, secretHash, intervalS: 60 },
      ...{ online: false, ackedUpTo: -1, createdAtMs },
    });
  }
});
await createUser(gw.site, { name: "staff", displayName: "Staff", role: "staff", password });
process.stdout.write(`${JSON.stringify({ mqttPort: gw.mqttPort, httpPort: gw.httpPort })}\n`);
process.stdin.setEncoding("utf8");
process.stdin.on("data", (text: string) => {
  if (!text.includes("memory")) return;
  (globalThis as { gc?: () => void }).gc?.();
  process.stdout.write(`${JSON.stringify(process.memoryUsage())}\n`);
});
// at once, as a kill would, but through exit: node --cpu-prof writes its profile then
process.on("SIGTERM", () => process.exit(0));
