import { mkdirSync, writeFileSync } from "node:fs";
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
  it("serves the built dashboard, with index.html for the page's own paths but not for the API", async () => {
    dir = tempDir();
    const root = dir.path("dashboard");
    mkdirSync(root);
    writeFileSync(`${root}/index.html`, "<h1>MilkGuard dashboard</h1>");
    writeFileSync(`${root}/app.js`, "console.log('hi')");
    h = await startHarness({ dashboardDir: root });
    expect((await request(h.app).get("/")).text).toContain("MilkGuard dashboard");
    expect((await request(h.app).get("/alerts/123")).text).toContain("MilkGuard dashboard");
    const js = await request(h.app).get("/app.js");
    expect(js.headers["content-type"]).toMatch(/javascript/);
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
});
