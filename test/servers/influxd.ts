// Debian's influxd 1.6.7 on free loopback ports with a temporary data folder. `stop()` then `start()`
// keeps the data and the ports: the outage test restarts the same server.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { answers, freePort, type ServerProcess, startProcess, tempDir } from "./process.js";

export interface Influxd {
  /** e.g. http://127.0.0.1:40123 */
  readonly url: string;
  readonly port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** stops the server and removes its data */
  close(): Promise<void>;
}

/** `httpSettings`: extra lines for the [http] section, e.g. `max-row-limit = 5` */
export async function startInfluxd(httpSettings: string[] = []): Promise<Influxd> {
  const dir = tempDir("influxd");
  const port = await freePort();
  const rpcPort = await freePort();
  const config = join(dir.path, "influxdb.conf");
  writeFileSync(
    config,
    [
      "reporting-disabled = true",
      `bind-address = "127.0.0.1:${rpcPort}"`,
      "[meta]",
      `  dir = "${join(dir.path, "meta")}"`,
      "[data]",
      `  dir = "${join(dir.path, "data")}"`,
      `  wal-dir = "${join(dir.path, "wal")}"`,
      "  query-log-enabled = false",
      "[http]",
      `  bind-address = "127.0.0.1:${port}"`,
      "  log-enabled = false",
      ...httpSettings.map((line) => `  ${line}`),
      "[monitor]",
      "  store-enabled = false",
      "",
    ].join("\n"),
  );
  const url = `http://127.0.0.1:${port}`;
  let server: ServerProcess | undefined;
  const start = async () => {
    server = await startProcess("influxd", ["-config", config], () => answers(`${url}/ping`, 204));
  };
  const stop = async () => {
    await server?.stop();
    server = undefined;
  };
  await start();
  return {
    url,
    port,
    start,
    stop,
    close: async () => {
      await stop();
      dir.remove();
    },
  };
}
