import { mkdirSync, writeFileSync } from "node:fs";
import { get, type IncomingMessage } from "node:http";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { type TempDir, tempDir } from "../store/temp-store.js";
import { type Harness, startHarness } from "./harness.js";

let h: Harness | undefined;
let dir: TempDir | undefined;
afterEach(async () => {
  await h?.close();
  dir?.remove();
});

describe("health, metrics and the dashboard's files", () => {
  it("serves the built dashboard at /, compressed, and a 404 for any other path, a file not there or the API's", async () => {
    dir = tempDir();
    const root = dir.path("dashboard");
    mkdirSync(root);
    writeFileSync(`${root}/index.html`, "<h1>MilkGuard dashboard</h1>");
    writeFileSync(`${root}/app.js`, `console.log('${"hi ".repeat(1000)}')`);
    h = await startHarness({ dashboardDir: root });
    expect((await request(h.app).get("/")).text).toContain("MilkGuard dashboard");
    const js = await request(h.app).get("/app.js");
    expect(js.headers["content-type"]).toMatch(/javascript/);
    expect(js.headers["content-encoding"]).toBe("gzip");
    // the page routes by its hash (#/alerts/123): no other path is the page
    for (const path of ["/robots.txt", "/manifest.json", "/favicon.ico", "/chunks/gone.js", "/alerts/123"]) {
      const res = await request(h.app).get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).not.toContain("MilkGuard dashboard");
    }
    const api = await h.get("/api/nope", "sam");
    expect(api.status).toBe(404);
    expect(api.body.code).toBe("MILK_ERR_NOT_FOUND");
  });

  it("answers /healthz with 503 naming the part that is down, and /metrics as Prometheus text", async () => {
    h = await startHarness();
    expect((await request(h.app).get("/healthz")).status).toBe(200);
    await h.gw.link.stop();
    const health = await request(h.app).get("/healthz");
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({
      status: "error",
      error: "not healthy: broker",
      data: { store: { ok: true } },
    });
    const metrics = await request(h.app).get("/metrics");
    expect(metrics.headers["content-type"]).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/^# HELP milkguard_/m);
  });

  it("sends live events uncompressed, each as it happens, to a browser that accepts gzip", async () => {
    h = await startHarness();
    const token = await h.login("sam");
    const url = `http://127.0.0.1:${h.gw.httpPort}/api/events`;
    const headers = { Authorization: `Bearer ${token}`, "Accept-Encoding": "gzip" };
    const { res, first } = await new Promise<{ res: IncomingMessage; first: string }>((done, fail) => {
      const req = get(url, { headers }, (res) =>
        res.once("data", (chunk) => done({ res, first: String(chunk) })),
      );
      req.on("error", fail);
    });
    res.destroy();
    expect(res.headers["content-type"]).toMatch(/^text\/event-stream/);
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(first).toContain(": connected");
  });
});
