// npm run build:dashboard: dashboard/src (TypeScript, Chart.js from node_modules) bundled by esbuild
// into app.js plus the chunks only some pages load (Chart.js), with index.html and style.css beside
// them, in dist/dashboard (or the folder given). Everything is bundled: the page must work on a site
// with no internet.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = join(import.meta.dirname, "..");
const SOURCE = join(ROOT, "dashboard");

export async function buildDashboard(outDir = join(ROOT, "dist", "dashboard")): Promise<string> {
  // a rebuild must not leave the chunks of an older build behind
  rmSync(join(outDir, "chunks"), { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const { metafile } = await build({
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
    metafile: true,
  });
  // The browser fetches and compiles the chunks while app.js starts, so neither the chunk app.js
  // imports nor Chart.js (imported once a chart's data is on its way) costs a round trip later.
  const chunks = Object.keys(metafile.outputs)
    .filter((file) => file.endsWith(".js") && basename(dirname(file)) === "chunks")
    .map((file) => `    <link rel="modulepreload" href="/chunks/${basename(file)}" />`);
  const html = readFileSync(join(SOURCE, "index.html"), "utf8");
  if (!html.includes("  </head>"))
    throw new Error("dashboard/index.html: no '  </head>' line for the preloads");
  writeFileSync(join(outDir, "index.html"), html.replace("  </head>", `${chunks.join("\n")}\n  </head>`));
  copyFileSync(join(SOURCE, "style.css"), join(outDir, "style.css"));
  return outDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outDir = await buildDashboard(process.argv[2]);
  console.log(`dashboard built in ${outDir}`);
}
