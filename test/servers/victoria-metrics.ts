// Debian's victoria-metrics on a free loopback port with a temporary data folder: a real server that
// accepts InfluxDB 2.x line-protocol writes on /api/v2/write (it has no Flux).
import { answers, freePort, startProcess, tempDir } from "./process.js";

export interface VictoriaMetrics {
  readonly url: string;
  close(): Promise<void>;
}

export async function startVictoriaMetrics(): Promise<VictoriaMetrics> {
  const dir = tempDir("victoria");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startProcess(
    "victoria-metrics",
    [`-storageDataPath=${dir.path}`, `-httpListenAddr=127.0.0.1:${port}`, "-loggerLevel=ERROR"],
    () => answers(`${url}/health`, 200),
  );
  return {
    url,
    close: async () => {
      await server.stop();
      dir.remove();
    },
  };
}
