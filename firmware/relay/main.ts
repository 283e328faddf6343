// npm run relay -- --config relay.json
// Carries Puck.js / Pixl.js cool-box readings to the gateway (see firmware/README.md, "Puck.js and
// Pixl.js"). Stops on Ctrl-C after the visit under way.
import { loadRelayConfig } from "./config.js";
import { runRelay } from "./run.js";

const at = process.argv.indexOf("--config");
const file = at > 0 ? process.argv[at + 1] : undefined;
if (!file) {
  console.error("usage: npm run relay -- --config relay.json");
  process.exit(2);
}
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
