import { type ClientRequest, get, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { alertRecord, type Harness, startHarness, T0 } from "./harness.js";

let h: Harness;
let server: Server;
let client: ClientRequest | undefined;
beforeEach(async () => {
  h = await startHarness();
  server = h.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
});
afterEach(async () => {
  client?.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await h.close();
});

/** opens the event stream as `name`; `until(text)` resolves once the stream has contained it */
async function openStream(name: string) {
  const token = await h.login(name);
  const { port } = server.address() as AddressInfo;
  let received = "";
  let writes = 0;
  const waiters: { text: string; resolve: () => void }[] = [];
  const response = await new Promise<IncomingMessage>((resolve) => {
    client = get(
      { port, host: "127.0.0.1", path: "/api/events", headers: { Authorization: `Bearer ${token}` } },
      resolve,
    );
  });
  response.setEncoding("utf8");
  response.on("data", (chunk: string) => {
    received += chunk;
    writes++;
    for (const w of waiters.filter((w) => received.includes(w.text))) w.resolve();
  });
  return {
    response,
    text: () => received,
    /** the response's body chunks so far: one per write of the server's, on loopback */
    writes: () => writes,
    until: (text: string) =>
      new Promise<void>((resolve) => (received.includes(text) ? resolve() : waiters.push({ text, resolve }))),
  };
}

describe("server-sent events", () => {
  it("pushes an alert emitted on the bus, with a retry delay, and only for units the user may see", async () => {
    const stream = await openStream("ana");
    expect(stream.response.headers["content-type"]).toMatch(/^text\/event-stream/);
    await stream.until(": connected");
    expect(stream.text()).toMatch(/^retry: \d+\n/);

    h.bus.emit("alert", alertRecord("not-hers", "dora-freezer"));
    h.bus.emit("alert", alertRecord("hers", "ana-freezer"));
    h.bus.emit("readings", [
      { deviceId: "d", unitId: "dora-freezer", seq: 1, timeMs: T0, tempC: -3 },
      { deviceId: "d", unitId: "ana-freezer", seq: 1, timeMs: T0, tempC: -19 },
    ]);
    await stream.until("event: reading");

    const events = stream
      .text()
      .split("\n\n")
      .filter((block) => block.startsWith("event: "))
      .map((block) => {
        const [event, data] = block.split("\n");
        return {
          event: event?.slice("event: ".length),
          data: JSON.parse(data?.slice("data: ".length) ?? "null"),
        };
      });
    expect(events).toEqual([
      { event: "alert", data: expect.objectContaining({ id: "hers", unitId: "ana-freezer" }) },
      { event: "reading", data: { unitId: "ana-freezer", timeMs: T0, tempC: -19 } },
    ]);
  });

  it("sends each new audit line live to those who may read the trail, and to nobody else", async () => {
    const staff = await openStream("sam");
    await staff.until(": connected");
    const moved = await h.post("/api/batches", "sam", {
      label: "Live audit bag",
      unitId: "ana-freezer",
      volumeMl: 100,
      container: "flat-bag",
      expressedAtMs: T0,
      purpose: "donation",
      processing: "raw",
    });
    expect(moved.status).toBe(201);
    await staff.until("event: audit");
    expect(staff.text()).toContain('"action":"batch.registered"');
    client?.destroy();

    const donor = await openStream("ana");
    await donor.until(": connected");
    await h.post("/api/batches", "sam", {
      label: "Unseen audit bag",
      unitId: "ana-freezer",
      volumeMl: 100,
      container: "flat-bag",
      expressedAtMs: T0,
      purpose: "donation",
      processing: "raw",
    });
    await donor.until("event: batch");
    expect(donor.text()).not.toContain("event: audit");
  });

  it("sends the readings of one turn in one write, and before an event that came after them", async () => {
    const stream = await openStream("ana");
    await stream.until(": connected");
    const before = stream.writes();
    // as ingest tells them: a message at a time, thousands a second at a busy site
    for (let seq = 1; seq <= 200; seq++) {
      h.bus.emit("readings", [{ deviceId: "d", unitId: "ana-freezer", seq, timeMs: T0 + seq, tempC: -19 }]);
    }
    h.bus.emit("alert", alertRecord("after-them", "ana-freezer"));
    await stream.until('"after-them"');
    expect(stream.writes() - before).toBeLessThanOrEqual(2);
    const events = stream.text().match(/^event: \w+$/gm) ?? [];
    expect(events).toHaveLength(201);
    expect(events.at(-1)).toBe("event: alert");
    expect(stream.text().indexOf(`"timeMs":${T0 + 200}`)).toBeLessThan(stream.text().indexOf('"after-them"'));
  });

  it("refuses the stream without a session", async () => {
    const { port } = server.address() as AddressInfo;
    const status = await new Promise<number | undefined>((resolve) => {
      client = get({ port, host: "127.0.0.1", path: "/api/events" }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
    });
    expect(status).toBe(401);
  });
});

describe("server-sent trip events", () => {
  it("tells a courier about their own trip and not about another courier's", async () => {
    const stream = await openStream("carl");
    await stream.until(": connected");
    const other = h.site.users.get("carl");
    if (other) h.site.users.put({ ...other, id: "cora", name: "cora" });
    h.site.units.put({ id: "box-2", name: "Cool box 2", profileId: "test-box", createdAtMs: T0 });
    expect((await h.post("/api/trips", "cora", { boxUnitId: "box-2" })).status).toBe(201);
    const mine = await h.post("/api/trips", "carl", { boxUnitId: "box-1" });
    await stream.until("event: trip");
    const trips = stream.text().match(/event: trip\ndata: .*\n/g) ?? [];
    expect(trips).toHaveLength(1);
    expect(trips[0]).toContain(mine.body.data.id);
  });
});
