// npm run build:dashboard: dashboard/src (TypeScript, Chart.js from node_modules) bundled by esbuild
// into app.js plus the chunks only some pages load (Chart.js), with index.html and style.css beside
// them, in dist/dashboard (or the folder given). Everything is bundled: the page must work on a site
// with no internet.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = join(import.meta.dirname, "..");
const SOURCE = join(ROOT, "dashboard");

export async function buildDashboard(outDir = join(ROOT, "dist", "dashboard")): Promise<string> {
  // a rebuild must not leave the chunks of an older build behind
  rmSync(join(outDir, "chunks"), { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { app: join(SOURCE, "src", "main.ts") },
    outdir: outDir,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    target: "es2022",
    minify: true,
    sourcemap: true,
    logLevel: "warning",
  });
  for (const file of ["index.html", "style.css"]) copyFileSync(join(SOURCE, file), join(outDir, file));
  return outDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outDir = await buildDashboard(process.argv[2]);
  console.log(`dashboard built in ${outDir}`);
}
