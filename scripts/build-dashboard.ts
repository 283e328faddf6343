// npm run build:dashboard: dashboard/src (TypeScript, Chart.js from node_modules) bundled by esbuild
// into one app.js, with index.html and style.css beside it, in dist/dashboard (or the folder given).
// Everything is bundled: the page must work on a site with no internet.
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = join(import.meta.dirname, "..");
const SOURCE = join(ROOT, "dashboard");

export async function buildDashboard(outDir = join(ROOT, "dist", "dashboard")): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(SOURCE, "src", "main.ts")],
    outfile: join(outDir, "app.js"),
    bundle: true,
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
