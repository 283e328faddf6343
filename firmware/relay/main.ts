// npm run relay -- --config relay.json
// Carries Puck.js / Pixl.js cool-box readings to the gateway (see firmware/README.md, "Puck.js and
// Pixl.js"). Stops on Ctrl-C after the visit under way.
import { commandLine, fail } from "../../scripts/cli.js";
import { loadRelayConfig } from "./config.js";
import { runRelay } from "./run.js";

const USAGE = `usage: npm run relay -- --config relay.json

Carries the readings of Puck.js and Pixl.js sensors (Bluetooth) to the gateway's broker, until Ctrl-C.
  --config FILE   the relay's settings (firmware/relay/relay.example.json shows them)`;
const { values } = commandLine("relay", USAGE, { config: { type: "string" } });
const file = values.config;
if (!file) fail("relay: say which settings: --config relay.json (see --help)", 2);
const loaded = loadRelayConfig(file);
if (!loaded.ok) {
  console.error(`relay: ${file} is not valid:\n  ${loaded.errors.join("\n  ")}`);
  process.exit(2);
}
const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
const running = await runRelay(loaded.config, log);
process.on("SIGINT", () => {
  void running.stop().then(() => process.exit(0));
});
