// npm run build:gateway: the gateway as plain JavaScript, so a site runs it with `node` and no
// compiler. gateway/, shared/, sim/ (the demo's sensors) and the operator's `npm run admin` are turned
// into dist/<folder>/*.js file by file with esbuild: imports stay imports, so better-sqlite3 and every other package load from
// node_modules as installed (nothing native is bundled), and the types are checked by `npm test`, not
// here. The demo's firmware is built too (dist/demo-firmware), so the gateway never builds any.
import { readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { DEMO_BOARD, DEMO_FIRMWARE, saveFirmware } from "../sim/firmware.js";
import { exampleFirmware, ROOT } from "./build-firmware.js";
import { commandLine, fail } from "./cli.js";

/** what the gateway runs, with everything it imports */
const FOLDERS = ["gateway", "shared", "sim"];
/** what a site runs beside it, on the gateway's computer: `npm run admin` */
const TOOLS = ["scripts/admin.ts", "scripts/cli.ts"];

function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Builds into `appDir`/dist (default the checkout's): dist/gateway/main.js is the program. */
export async function buildGateway(appDir = ROOT): Promise<void> {
  const outDir = join(appDir, "dist");
  // a file deleted from the source must not live on in the build
  for (const folder of [...FOLDERS, "scripts"])
    rmSync(join(outDir, folder), { recursive: true, force: true });
  await build({
    entryPoints: [...FOLDERS.flatMap(sources), ...TOOLS.map((file) => join(ROOT, file))],
    outdir: outDir,
    outbase: ROOT,
    format: "esm",
    platform: "node",
    target: "node20",
    tsconfig: join(ROOT, "tsconfig.json"),
    logLevel: "warning",
  });
  await buildDemoFirmware(appDir);
}

/** The file the demo's sensors run; tests that start the demo from source build it with this. */
export async function buildDemoFirmware(appDir = ROOT): Promise<void> {
  saveFirmware(join(appDir, DEMO_FIRMWARE), await exampleFirmware(DEMO_BOARD));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  commandLine(
    "build:gateway",
    `usage: npm run build:gateway

Compiles the gateway to dist/gateway/main.js (run it with node) and prebuilds the demo's firmware.`,
    {},
  );
  await buildGateway().catch((err: unknown) =>
    fail(`build:gateway: ${err instanceof Error ? err.message : String(err)}`),
  );
  console.log(`gateway built in ${relative(process.cwd(), join(ROOT, "dist")) || "."}`);
}
