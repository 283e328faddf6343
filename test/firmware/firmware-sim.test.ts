// The built firmware upload file, run in the Espruino simulation against a real aedes broker over
// TCP: what the gateway stores equals what the probe saw, through outages and power cuts.
import { describe, expect, it } from "vitest";
import {
  device,
  expectContiguous,
  expectTraceOrder,
  HOUR,
  MIN,
  minuteTrace,
  samplesSince,
  setup,
  sim,
  useFirmwareSim,
  virtualS,
} from "./sim-harness.js";

useFirmwareSim(["ESP32"]);

describe("firmware in the Espruino simulation", () => {
  it("stores readings equal to the probe trace, one a minute, the first after boot dropped", async () => {
    await setup();
    const d = device();
    d.boot();
    await sim.clock.advance(30 * MIN + 5000);
    const stored = sim.gateway.readings("freezer-1");
    expect(stored.length).toBe(30);
    expectContiguous(stored.map((r) => r.s));
    expect(stored.map((r) => virtualS(r.unixS))).toEqual(stored.map((_, i) => 60 * (i + 1)));
    for (const r of stored) expect(r.c).toBe(minuteTrace(virtualS(r.unixS)));
    expect(sim.gateway.rejected).toEqual([]);
    expect(d.world.storage.writes).toBeLessThan(10);
  });

  it("delivers every reading once, in event time, after the gateway was down 3 hours", async () => {
    await setup();
    const d = device();
    d.boot();
    await sim.clock.advance(10 * MIN + 5000);
    await sim.gateway.stop();
    await sim.clock.advance(3 * HOUR);
    // the refused connections threw at once (as on an ESP32) and the client kept trying
    expect(d.state<{ client: { lastError: string } }>().client.lastError).toBe("connect failed");
    await sim.gateway.start();
    await sim.clock.advance(10 * MIN);
    const stored = sim.gateway.readings("freezer-1");
    expect(stored.length).toBe(samplesSince(0));
    expectContiguous(stored.map((r) => r.s));
    expect(stored[0]?.s).toBe(0);
    expectTraceOrder(stored);
    expect(Math.max(...sim.gateway.batchSizes)).toBeLessThanOrEqual(100);
    expect(d.world.storage.writes).toBeGreaterThan(1);
    // a segment and the meta file per flush interval (10 min), not a write per sample
    expect(d.world.storage.writes).toBeLessThan(stored.length / 4);
  });

  it("loses nothing flushed across a power cut, and the sequence continues", async () => {
    await setup();
    const d = device();
    d.boot();
    await sim.clock.advance(5 * MIN + 5000);
    await sim.gateway.stop();
    await sim.clock.advance(34 * MIN);
    const meta = d.world.storage.api().readJSON("mg.meta") as { seq: number; boot: number };
    const lastFlushed = meta.seq - 1;
    d.powerOff();
    const rebootMs = sim.clock.nowMs;
    d.boot();
    await sim.gateway.start();
    await sim.clock.advance(10 * MIN);
    const stored = sim.gateway.readings("freezer-1");
    const seqs = stored.map((r) => r.s);
    expectContiguous(seqs);
    expect(seqs[0]).toBe(0);
    expect(seqs).toContain(lastFlushed);
    const afterBoot = stored.filter((r) => r.s > lastFlushed);
    expect(afterBoot.length).toBe(samplesSince(rebootMs));
    expectTraceOrder(stored.filter((r) => r.s <= lastFlushed));
    const rebootS = rebootMs / 1000;
    for (const [i, r] of afterBoot.entries()) {
      expect(Math.abs(virtualS(r.unixS) - (rebootS + 60 * (i + 1)))).toBeLessThanOrEqual(1);
      expect(r.c).toBe(minuteTrace(rebootS + 60 * (i + 1)));
    }
    expect(d.state<{ buffer: { meta: { boot: number } } }>().buffer.meta.boot).toBe(meta.boot + 1);
  });

  it("moves its sequence past what the gateway holds after a power cut before a flush", async () => {
    await setup();
    const d = device();
    d.boot();
    await sim.clock.advance(15 * MIN + 5000);
    const acked = sim.gateway.ackedUpTo.get("freezer-1") as number;
    const persisted = (d.world.storage.api().readJSON("mg.meta") as { seq: number }).seq;
    expect(persisted).toBeLessThanOrEqual(acked);
    d.powerOff();
    const rebootMs = sim.clock.nowMs;
    d.boot();
    await sim.clock.advance(5 * MIN + 5000);
    const stored = sim.gateway.readings("freezer-1");
    expectContiguous(stored.map((r) => r.s));
    expect(stored.length).toBe(acked + 1 + samplesSince(rebootMs));
    const times = stored.map((r) => r.unixS as number);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("places readings right when the device clock is never set", async () => {
    await setup({ sendConfig: false });
    device().boot();
    await sim.clock.advance(20 * MIN + 5000);
    const stored = sim.gateway.readings("freezer-1");
    expect(stored.length).toBe(20);
    for (const r of stored) {
      expect(r).toMatchObject({ u: 1, b: 1 });
      expect(Math.abs(virtualS(r.unixS) - 60 * (r.s + 1))).toBeLessThanOrEqual(2);
    }
  });
});
