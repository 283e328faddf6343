// The gateway's memory with many idle sensors connected: the gateway in its own process, run as
// `npm start` runs it (storm.ts startGateway), the sensors in another (one process cannot hold both
// ends' sockets), each a raw MQTT session that only stays connected. Used by `npm run bench -- gateway`.
import { spawn } from "node:child_process";
import { firstLine, withGatewayProcess } from "./storm.js";
import { STORM_DEVICE_PREFIX } from "./storm-ids.js";

const PASSWORD = "idle-password";

export interface IdleMemory {
  connected: number;
  /** after a full collection, MiB */
  rssMiB: number;
  heapUsedMiB: number;
}

// A sensor refused over the admission rate (CONNACK 3) connects again a second later, as a device would.
const SENSORS = `
  const net = require("node:net"); const mp = require("mqtt-packet");
  const [port, n, pw, prefix] = process.argv.slice(1); let ok = 0; const socks = [];
  const open = (i) => new Promise((resolve) => {
    const id = prefix + i;
    const s = net.connect(+port, "127.0.0.1", () => s.write(mp.generate({ cmd: "connect", protocolId: "MQTT",
      protocolVersion: 4, clean: true, clientId: id, keepalive: 0, username: id, password: Buffer.from(pw) })));
    s.once("data", (b) => {
      if (b[0] === 0x20 && b[3] === 0) { ok++; socks.push(s); resolve(); }
      else if (b[3] === 3) { s.destroy(); setTimeout(() => open(i).then(resolve), 1000); }
      else resolve();
    });
    s.on("error", resolve);
  });
  (async () => { for (let i = 0; i < +n; i += 200) await Promise.all(Array.from({ length: Math.min(200, +n - i) }, (_, k) => open(i + k)));
    process.stdout.write("connected " + ok + "\\n"); })();`;

export async function idleSensorsMemory(count: number): Promise<IdleMemory> {
  return withGatewayProcess({ count, password: PASSWORD }, async ({ mqttPort }, gateway) => {
    const args = [String(mqttPort), String(count), PASSWORD, STORM_DEVICE_PREFIX];
    const sensors = spawn(process.execPath, ["-e", SENSORS, ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const connected = Number((await firstLine(sensors)).replace("connected ", ""));
      const answer = firstLine(gateway);
      gateway.stdin?.write("memory\n");
      const memory = JSON.parse(await answer) as NodeJS.MemoryUsage;
      const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
      return { connected, rssMiB: mib(memory.rss), heapUsedMiB: mib(memory.heapUsed) };
    } finally {
      sensors.kill();
    }
  });
}
