// npm run devices: simulated sensors running the built firmware in the Espruino simulation, until
// Ctrl-C. From a sensor's config file downloaded from the dashboard (--device, as many as wanted),
// or N numbered test devices. Every few seconds it says how many are connected and, for those that
// are not, why (the broker's refusal, or that it cannot be reached).
import { readFileSync } from "node:fs";
import type { FirmwareFile } from "../shared/api/answers.js";
import { type DeviceCredentials, startSimulatedDevices } from "../sim/devices.js";
import { SCENARIOS } from "../sim/probe-trace.js";
import { exampleFirmware } from "./build-firmware.js";
import { commandLine, fail } from "./cli.js";

const USAGE = `usage: npm run devices -- --device FILE [--device FILE ...] [--scenario NAME] [--speed N]
       npm run devices -- [--count 10] [--broker mqtt://127.0.0.1:1883] [--credentials devices.json |
                          --password secret] [--board ESP32] [--scenario NAME] [--speed N]

Runs simulated sensors (the built firmware in the Espruino simulation) against a gateway's broker.
  --device FILE        a sensor's config file from the dashboard (Devices, "Download config file")
  --count N            numbered test devices sim-1..sim-N (default 10), logging in as themselves with
  --password TEXT      this password (default sim-password), or with
  --credentials FILE   a JSON array of {deviceId, username, password, hmacKey?}
  --broker URL         where the test devices connect (default mqtt://127.0.0.1:1883)
  --board NAME         the firmware build the test devices run (default ESP32)
  --scenario NAME      the air the probe sees: ${Object.keys(SCENARIOS).join(", ")} (default freezer)
  --speed N            simulated seconds per real second (default 1)`;

const { values } = commandLine("devices", USAGE, {
  device: { type: "string", multiple: true },
  count: { type: "string" },
  scenario: { type: "string" },
  credentials: { type: "string" },
  password: { type: "string" },
  broker: { type: "string" },
  board: { type: "string" },
  speed: { type: "string" },
});

/** MQTT 3.1.1 CONNACK return codes [MQTT-3.2.2.3], as the firmware reports them ("refused 5") */
const REFUSALS: Record<string, string> = {
  "refused 1": "the broker refused the protocol version",
  "refused 2": "the broker refused the client id",
  "refused 3": "the broker is unavailable (busy: the device retries)",
  "refused 4": "the broker refused the user name or password: check the device's config file",
  "refused 5": "the broker refused the login (not authorised): a wrong password, or a retired device",
  "connect failed": "the broker cannot be reached: check its address and that the gateway runs",
};

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch (err) {
    return fail(`devices: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

const number = (flag: string, text: string | undefined, fallback: number) => {
  const n = Number(text ?? fallback);
  return Number.isFinite(n) && n > 0 ? n : fail(`devices: --${flag} must be a positive number`, 2);
};

const scenario = values.scenario ?? "freezer";
if (!SCENARIOS[scenario])
  fail(`devices: unknown scenario ${scenario}; known: ${Object.keys(SCENARIOS).join(", ")}`, 2);
const files = (values.device ?? []).map((f) => readJson<FirmwareFile>(f));
const first = files[0];
const listed = values.credentials ? readJson<DeviceCredentials[]>(values.credentials) : [];
const password = values.password ?? "sim-password";
const count = first ? files.length : number("count", values.count, 10);
const credentials = (i: number): DeviceCredentials => {
  const file = files[i];
  if (file)
    return {
      deviceId: file.deviceId,
      username: file.mqtt.username,
      password: file.mqtt.password,
      hmacKey: file.hmacKey,
    };
  return listed[i] ?? { deviceId: `sim-${i + 1}`, username: `sim-${i + 1}`, password };
};

const sim = await exampleFirmware(first?.board ?? values.board ?? "ESP32")
  .then((firmware) =>
    startSimulatedDevices({
      count,
      firmware,
      scenario,
      brokerUrl: first
        ? `mqtt://${first.mqtt.host}:${first.mqtt.port}`
        : (values.broker ?? "mqtt://127.0.0.1:1883"),
      credentials,
      ...(first ? { prefix: first.mqtt.prefix, intervalS: first.intervalS } : {}),
      speed: number("speed", values.speed, 1),
      log: (line) => console.log(line),
    }),
  )
  .catch((err: unknown) => fail(`devices: ${err instanceof Error ? err.message : String(err)}`));
console.log(`${count} simulated ${scenario} devices running the built firmware; Ctrl-C to stop`);

type Client = { connected: boolean; lastError?: string };
function report(): void {
  const clients = sim.devices.map((d) => d.state<{ client?: Client }>()?.client);
  const connected = clients.filter((c) => c?.connected).length;
  const why = new Map<string, string[]>();
  clients.forEach((c, i) => {
    if (c?.connected || !c?.lastError) return;
    const reason = REFUSALS[c.lastError] ?? c.lastError;
    why.set(reason, [...(why.get(reason) ?? []), credentials(i).deviceId]);
  });
  const reasons = [...why].map(
    ([reason, ids]) => `; ${ids.slice(0, 3).join(", ")}${ids.length > 3 ? "…" : ""}: ${reason}`,
  );
  console.log(
    `t=${Math.round(sim.clock.nowMs / 1000)} s  connected ${connected}/${count}${reasons.join("")}`,
  );
}
const reporting = setInterval(report, 5_000);
process.on("SIGINT", () => {
  clearInterval(reporting);
  void sim.stop().then(() => process.exit(0));
});
