// Child process for ingest-hostile.test.ts: the real gateway (build(), as `npm start` makes it) on the
// data folder given, in a process of its own, so a test can watch it freeze or kill it with SIGKILL
// (a crash: nothing flushed). Provisions the devices named after the folder that do not exist yet and
// prints one line of JSON: the ports and the new devices' passwords.
import { build } from "../../../gateway/app.js";
import { validateConfig } from "../../../gateway/config/load.js";
import { DOMAIN, knownIds } from "../../../gateway/engine/domain.js";

const [dataDir, ...deviceIds] = process.argv.slice(2);
if (!dataDir) throw new Error("usage: gateway-child.ts <data folder> <device id>...");
const loaded = validateConfig(
  {
    dataDir,
    mqtt: { host: "127.0.0.1", port: 0 },
    http: { host: "127.0.0.1", port: 0 },
    log: { level: "silent" },
  },
  knownIds(DOMAIN),
);
if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
const gw = await build({ config: loaded.config, domain: DOMAIN });
await gw.start();
const passwords: Record<string, string> = {};
for (const id of deviceIds) {
  if (gw.site.devices.get(id)) continue;
  const unitId = `unit-${id}`;
  gw.site.units.put({
    id: unitId,
    name: `Freezer ${id}`,
    profileId: "home-freezer",
    createdAtMs: Date.now(),
  });
  passwords[id] = gw.devices.create({ id, unitId }, "test").password;
}
process.stdout.write(`${JSON.stringify({ mqttPort: gw.mqttPort, httpPort: gw.httpPort, passwords })}\n`);
