// The real gateway for benchmarks: build() on a temp folder, loopback ports, silent log, the real
// rules. The caller closes it; remove() deletes its folder.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, type Gateway } from "../gateway/app.js";
import type { Clock } from "../gateway/clock.js";
import { validateConfig } from "../gateway/config/load.js";
import type { GatewayConfig } from "../gateway/config/schema.js";
import { DOMAIN, knownIds } from "../gateway/engine/domain.js";
import { createLogger } from "../gateway/log.js";

/** `settings`: more of the config file (a bench of notices sets notifications) */
export async function startBenchGateway(
  clock?: Clock,
  settings: Record<string, unknown> = {},
): Promise<{ gw: Gateway; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), "mg-bench-"));
  const gw = await build({
    config: loopbackConfig(dir, settings),
    domain: DOMAIN,
    log: createLogger("silent"),
    ...(clock ? { clock } : {}),
  });
  await gw.start();
  return { gw, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The gateway's settings for a bench: its data in `dataDir`, loopback ports, a silent log. */
export function loopbackConfig(
  dataDir: string,
  settings: Record<string, unknown> = {},
): Readonly<GatewayConfig> {
  const loaded = validateConfig(
    {
      dataDir,
      mqtt: { host: "127.0.0.1", port: 0 },
      http: { host: "127.0.0.1", port: 0 },
      log: { level: "silent" },
      ...settings,
    },
    knownIds(DOMAIN),
  );
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  return loaded.config;
}
