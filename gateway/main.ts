// `npm start`: load and check the configuration, build the gateway and start it (with the demo when
// it is on), say where to look and how to stop, and close cleanly on Ctrl+C / SIGTERM. A site with no
// admin yet gets a one-time setup link; a start that fails says why in one line and exits, so no
// half-started process keeps the ports.
import { parseArgs } from "node:util";
import { build } from "./app.js";
import { issueSetupLink } from "./auth/first-admin.js";
import { configFileFrom, loadConfig } from "./config/load.js";
import { retireDemoAccounts } from "./demo/retire.js";
import { DEMO_USERS } from "./demo/seed.js";
import { DOMAIN, knownIds } from "./engine/domain.js";
import { boundHeapGrowth } from "./heap-growth.js";
import { createLogger } from "./log.js";

const USAGE = `usage: npm start [-- --config FILE]

Starts the MilkGuard gateway: the MQTT broker, the store, the rules and the dashboard.
  --config FILE   the site's configuration (default: $MILKGUARD_CONFIG, else ./milkguard.config.json
                  when it exists, else the demo); see docs/configuration.md
  --help          this text`;

function commandLine(argv: string[]): void {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { config: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
    if (!values.help) return;
    console.log(USAGE);
  } catch (err) {
    console.error(
      `MilkGuard: ${err instanceof Error ? err.message.split(". ")[0] : String(err)} (see --help)`,
    );
    process.exit(2);
  }
  process.exit(0);
}

async function main(): Promise<void> {
  commandLine(process.argv.slice(2));
  const file = configFileFrom(process.argv.slice(2), process.env);
  const loaded = loadConfig(file, process.env, knownIds(DOMAIN));
  if (!loaded.ok) {
    console.error(
      `MilkGuard cannot start: ${file ?? "the configuration"} has ${loaded.errors.length} problem(s):`,
    );
    for (const e of loaded.errors) console.error(`  ${e}`);
    process.exitCode = 1;
    return;
  }
  const { config } = loaded;
  boundHeapGrowth();
  const log = createLogger(config.log.level);
  const gw = await build({ config, domain: DOMAIN, log });
  // a data folder that once ran the demo keeps no working demo login or sensor outside demo mode
  if (!config.demo.enabled) await retireDemoAccounts(gw.site, gw.clock, log.child("demo"));
  await gw.start();
  const mqtt = config.mqtt.external?.url ?? `mqtt://localhost:${gw.mqttPort}`;
  printWelcome(gw.httpPort, mqtt, config.dataDir, file, config.demo.enabled);
  const setup = config.demo.enabled ? undefined : issueSetupLink(gw.site, gw.clock);
  if (setup) {
    console.log(
      `No admin yet. Create the first one within the hour, once, at:\n  http://localhost:${gw.httpPort}/#/setup/${setup.token}\n` +
        "(or on this computer: npm run admin -- create NAME)\n",
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping MilkGuard...`);
    await gw.close();
    console.log("stopped; every acknowledged reading is on disk.");
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

function printWelcome(
  httpPort: number,
  mqtt: string,
  dataDir: string,
  file: string | undefined,
  demo: boolean,
): void {
  const admin = DEMO_USERS.find((u) => u.role === "admin");
  const lines = [
    "",
    "MilkGuard is running.",
    `  Dashboard:  http://localhost:${httpPort}/`,
    `  MQTT:       ${mqtt} (devices), ws://localhost:${httpPort}/mqtt (WebSocket)`,
    `  Data:       ${dataDir}/milkguard.db${file ? `   config: ${file}` : "   (no config file: demo defaults)"}`,
  ];
  if (demo && admin) {
    lines.push(
      `  Demo login: ${admin.name} / ${admin.password}   (also ${DEMO_USERS.filter((u) => u !== admin)
        .map((u) => `${u.name} / ${u.password}`)
        .join(", ")})`,
    );
    lines.push("  Simulated sensors are sending: a healthy freezer, one with its door opened now and then,");
    lines.push("  a chest freezer that failed 3 hours ago, the milk bank's fridge and a courier's cool box.");
  }
  lines.push("  Stop with Ctrl+C.", "");
  console.log(lines.join("\n"));
}

/** one line a person can act on: a port in use is the usual one */
function whyNotStarted(err: unknown): string {
  const e = err as { code?: string; port?: number; address?: string; message?: string };
  if (e.code === "EADDRINUSE")
    return `port ${e.port} (${e.address}) is in use: stop the program holding it, or set another port in the configuration`;
  return e.message ?? String(err);
}

// exit, not just an exit code: whatever did start (a listening port, a timer) must not keep the
// process alive half-started
main().catch((err: unknown) => {
  console.error(`MilkGuard cannot start: ${whyNotStarted(err)}`);
  process.exit(1);
});
