// The dashboard's built files at "/", with index.html for the page's own paths; a short page that
// says how to build it when dist/dashboard is absent.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import express, { type RequestHandler, Router } from "express";

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MilkGuard</title></head>
<body><h1>MilkGuard gateway</h1>
<p>The dashboard has not been built. Run <code>npm run build</code>, then reload.</p>
<p>The API is at <a href="/api/me">/api/me</a> and the health check at <a href="/healthz">/healthz</a>.</p>
</body></html>`;

export function staticFiles(dashboardDir: string): Router {
  const router = Router();
  const dir = resolve(dashboardDir);
  const index = join(dir, "index.html");
  router.use(express.static(dir, { index: "index.html" }));
  const page: RequestHandler = (req, res, next) => {
    if (req.method !== "GET" || req.path.startsWith("/api/")) return next();
    // checked per request: the dashboard may be built while the gateway runs
    if (existsSync(index)) return res.sendFile(index);
    res.type("html").send(PLACEHOLDER);
  };
  router.use(page);
  return router;
}
