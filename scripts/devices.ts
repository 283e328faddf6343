// npm run devices -- --count 100 --scenario freezer [--broker mqtt://127.0.0.1:1883] [--speed 1]
//   [--credentials devices.json]   (a JSON array of {deviceId, username, password, hmacKey?})
//   [--password secret]            (else: every device sim-<n> logs in as itself with this password)
// Runs N simulated devices (the built firmware in the Espruino simulation) until Ctrl-C.
import { readFileSync } from "node:fs";
import { type DeviceCredentials, startSimulatedDevices } from "../firmware/sim/devices.js";
import { SCENARIOS } from "../firmware/sim/probe-trace.js";

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

const count = Number(flag("count", "10"));
const scenario = flag("scenario", "freezer");
const file = flag("credentials", "");
const listed = file ? (JSON.parse(readFileSync(file, "utf8")) as DeviceCredentials[]) : [];
const password = flag("password", "sim-password");
const credentials = (i: number): DeviceCredentials =>
  listed[i] ?? { deviceId: `sim-${i + 1}`, username: `sim-${i + 1}`, password };

if (!SCENARIOS[scenario]) {
  console.error(`unknown scenario ${scenario}; known: ${Object.keys(SCENARIOS).join(", ")}`);
  process.exit(2);
}
const sim = await startSimulatedDevices({
  count,
  scenario,
  brokerUrl: flag("broker", "mqtt://127.0.0.1:1883"),
  credentials,
  board: flag("board", "ESP32"),
  speed: Number(flag("speed", "1")),
  log: (line) => console.log(line),
});
console.log(`${count} simulated ${scenario} devices running the built firmware; Ctrl-C to stop`);
const report = setInterval(() => {
  const connected = sim.devices.filter(
    (d) => d.state<{ client?: { connected: boolean } }>()?.client?.connected,
  ).length;
  console.log(`t=${Math.round(sim.clock.nowMs / 1000)} s  connected ${connected}/${count}`);
}, 10_000);
process.on("SIGINT", () => {
  clearInterval(report);
  void sim.stop().then(() => process.exit(0));
});
