// Bags by the code on their label: every bag gets one at registration, and the API takes it (typed
// any case, with spaces) wherever it takes a bag's id; a typo is caught by the check symbol.
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrate } from "../../../gateway/store/migrations.js";
import { openSqliteStores } from "../../../gateway/store/open-store.js";
import { readBagCode } from "../../../shared/bags/code.js";
import { batch } from "../store/records.fixture.js";
import { type TempDir, tempDir } from "../store/temp-store.js";
import { type Harness, startHarness, T0 } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const register = async (label: string) => {
  const res = await h.post("/api/batches", "ana", {
    label,
    unitId: "ana-freezer",
    volumeMl: 120,
    container: "flat-bag",
    expressedAtMs: T0 - 86_400_000,
    purpose: "donation",
    processing: "raw",
  });
  expect(res.status).toBe(201);
  return res.body.data as { id: string; code: string };
};

/** the code as someone might type it: lower case, spaces for the dash */
const typed = (code: string) => ` ${code.toLowerCase().replace("-", " ")} `;

/** the code with its last (check) symbol changed */
const typo = (code: string) => code.slice(0, -1) + (code.endsWith("7") ? "8" : "7");

describe("bag codes in the API", () => {
  it("each bag gets its own valid code at registration, and keeps it", async () => {
    const bags = [await register("Bea #1"), await register("Bea #2"), await register("Bea #3")];
    for (const bag of bags) expect(readBagCode(bag.code)).toEqual({ ok: true, code: bag.code });
    expect(new Set(bags.map((b) => b.code)).size).toBe(3);
    const listed = (await h.get("/api/batches", "ana")).body.data as { id: string; code: string }[];
    expect(listed.map((b) => b.code)).toEqual(bags.map((b) => b.code));
  });

  it("moves, reads and picks up a bag by its code, typed in any case with spaces", async () => {
    const bag = await register("Bea #1");
    const history = await h.get(`/api/batches/${encodeURIComponent(typed(bag.code))}/history`, "ana");
    expect(history.status).toBe(200);
    expect(history.body.data.batch.id).toBe(bag.id);
    const moved = await h.post(`/api/batches/${bag.code.toLowerCase()}/move`, "sam", {
      toUnitId: "bank-freezer",
    });
    expect(moved.status).toBe(200);
    expect(moved.body.data).toMatchObject({ id: bag.id, unitId: "bank-freezer" });

    const other = await register("Bea #2");
    const trip = (await h.post("/api/trips", "carl", { boxUnitId: "box-1" })).body.data;
    const picked = await h.post(`/api/trips/${trip.id}/pickups`, "carl", {
      donorId: "ana",
      batchIds: [typed(other.code)],
    });
    expect(picked.status).toBe(200);
    expect(picked.body.data.pickups[0].batchIds).toEqual([other.id]);
  });

  it("says a code with a wrong check symbol is a typo, and a code no bag has is not found", async () => {
    const bag = await register("Bea #1");
    const trip = (await h.post("/api/trips", "carl", { boxUnitId: "box-1" })).body.data;
    const wrong = await h.post(`/api/trips/${trip.id}/pickups`, "carl", {
      donorId: "ana",
      batchIds: [typo(bag.code)],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe(
      `${typo(bag.code)}: the check letter does not match — look at the label again`,
    );
    const unknown = await h.get("/api/batches/K7Q-4MY/history", "sam");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe("no bag has the code K7Q-4MY: look at the label again");
    expect(h.site.batches.get(bag.id)?.unitId).toBe("ana-freezer");
  });
});

describe("bags stored before codes existed", () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it("get a code each when the store opens, found by it", () => {
    const path = dir.path("old.db");
    const db = new Database(path);
    migrate(db, 4);
    for (const id of ["b1", "b2"]) {
      const { code: _none, ...old } = batch(id, "u1");
      db.prepare("INSERT INTO batches (id, unit_id, donor_id, data) VALUES (?, ?, NULL, ?)").run(
        id,
        "u1",
        JSON.stringify(old),
      );
    }
    db.close();

    const stores = openSqliteStores(path);
    const codes = ["b1", "b2"].map((id) => stores.site.batches.get(id)?.code ?? "");
    for (const code of codes) expect(readBagCode(code)).toEqual({ ok: true, code });
    expect(codes[0]).not.toBe(codes[1]);
    expect(stores.site.batches.byCode(codes[1] ?? "")?.id).toBe("b2");
    stores.close();
  });
});
