// `npm start`: load and check the configuration, build the gateway, start the demo when it is on,
// say where to look and how to stop, and close cleanly on Ctrl+C / SIGTERM.
import { build } from "./app.js";
import { configFileFrom, loadConfig } from "./config/load.js";
import { retireDemoAccounts } from "./demo/retire.js";
import { startDemo } from "./demo/run.js";
import { DEMO_USERS } from "./demo/seed.js";
import { DOMAIN, knownIds } from "./engine/domain.js";
import { createLogger } from "./log.js";

async function main(): Promise<void> {
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
  const log = createLogger(config.log.level);
  const gw = await build({ config, domain: DOMAIN, log });
  // a data folder that once ran the demo keeps no working demo login or sensor outside demo mode
  if (!config.demo.enabled) await retireDemoAccounts(gw.site, gw.clock, log.child("demo"));
  const demo = config.demo.enabled
    ? await startDemo(gw, { liveIntervalS: config.demo.liveIntervalS })
    : undefined;
  printWelcome(gw.httpPort, gw.mqttPort, config.dataDir, file, demo !== undefined);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping MilkGuard...`);
    await demo?.stop();
    await gw.close();
    console.log("stopped; every acknowledged reading is on disk.");
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

function printWelcome(
  httpPort: number,
  mqttPort: number,
  dataDir: string,
  file: string | undefined,
  demo: boolean,
): void {
  const admin = DEMO_USERS.find((u) => u.role === "admin");
  const lines = [
    "",
    "MilkGuard is running.",
    `  Dashboard:  http://localhost:${httpPort}/`,
    `  MQTT:       mqtt://localhost:${mqttPort} (devices), ws://localhost:${httpPort}/mqtt (WebSocket)`,
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

main().catch((err: unknown) => {
  console.error("MilkGuard failed to start:", err);
  process.exitCode = 1;
});
