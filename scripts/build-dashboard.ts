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
  // The browser fetches and compiles the chunks app.js imports while app.js starts, so they cost no
  // round trip later; not those it imports only when a page needs them (Chart.js, the QR code maker),
  // which the sign-in page never does.
  const chunks = staticImports(metafile.outputs).map(
    (file) => `    <link rel="modulepreload" href="/chunks/${basename(file)}" />`,
  );
  const html = readFileSync(join(SOURCE, "index.html"), "utf8");
  if (!html.includes("  </head>"))
    throw new Error("dashboard/index.html: no '  </head>' line for the preloads");
  writeFileSync(join(outDir, "index.html"), html.replace("  </head>", `${chunks.join("\n")}\n  </head>`));
  copyFileSync(join(SOURCE, "style.css"), join(outDir, "style.css"));
  // the installable web app: its manifest and icons (the PNGs from scripts/make-icons.ts), and the
  // service worker that shows push notices (a classic script at the root, so it may control every
  // page and runs in every browser)
  for (const file of [
    "manifest.webmanifest",
    "icon.svg",
    "icon-192.png",
    "icon-512.png",
    "apple-touch-icon.png",
  ])
    copyFileSync(join(SOURCE, file), join(outDir, file));
  await build({
    entryPoints: { sw: join(SOURCE, "src", "sw.ts") },
    outdir: outDir,
    bundle: true,
    format: "iife",
    target: "es2022",
    minify: true,
    logLevel: "warning",
  });
  return outDir;
}

type Outputs = Record<string, { imports: { path: string; kind: string }[] }>;

/** the chunks app.js needs before it runs: what it imports, and what those import, statically */
function staticImports(outputs: Outputs): string[] {
  const app = Object.keys(outputs).find((file) => basename(file) === "app.js");
  const needed = new Set<string>();
  const visit = (file: string) => {
    for (const { path, kind } of outputs[file]?.imports ?? []) {
      if (kind !== "import-statement" || needed.has(path)) continue;
      needed.add(path);
      visit(path);
    }
  };
  if (app) visit(app);
  return [...needed].filter((file) => basename(dirname(file)) === "chunks");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outDir = await buildDashboard(process.argv[2]);
  console.log(`dashboard built in ${outDir}`);
}
