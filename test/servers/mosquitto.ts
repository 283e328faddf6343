// Debian's Mosquitto 2 on a free loopback port, with the settings MilkGuard's external-broker mode
// needs (docs/scaling.md): no persistence in tests, and a queue deep enough that a gateway that falls
// behind is never silently dropped QoS 1 readings (the default max_queued_messages is 1000).
import { existsSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { freePort, startProcess, tempDir } from "./process.js";

// Debian puts the broker in /usr/sbin, which is not on every user's PATH.
const MOSQUITTO = existsSync("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";

export interface Mosquitto {
  /** e.g. mqtt://127.0.0.1:40123 */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startMosquitto(extraConfig: string[] = []): Promise<Mosquitto> {
  const dir = tempDir("mosquitto");
  const port = await freePort();
  const config = join(dir.path, "mosquitto.conf");
  writeFileSync(
    config,
    [
      `listener ${port} 127.0.0.1`,
      "allow_anonymous true",
      "persistence false",
      "max_queued_messages 100000",
      "max_inflight_messages 100",
      ...extraConfig,
      "",
    ].join("\n"),
  );
  const server = await startProcess(MOSQUITTO, ["-c", config], () => accepts(port));
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    close: async () => {
      await server.stop();
      dir.remove();
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
