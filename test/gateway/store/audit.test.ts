import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canonicalJson } from "../../../gateway/store/audit-chain.js";
import { openSqliteStores, type SqliteStores } from "../../../gateway/store/open-store.js";
import { T0 } from "./records.fixture.js";
import { type TempDir, tempDir } from "./temp-store.js";

let dir: TempDir;
let stores: SqliteStores;

const entry = (i: number, subject = "alert:a1") => ({
  atMs: T0 + i,
  actor: "ann",
  action: i === 1 ? "alert.open" : "alert.acknowledge",
  subject,
  details: { comment: `step ${i}`, level: i },
});

/** Five entries, then the file closed so a second connection can play the attacker. */
function fiveEntriesThenClose(): string {
  for (let i = 1; i <= 5; i++) stores.site.audit.append(entry(i));
  stores.close();
  return dir.path("audit.db");
}

/** An attacker with write access to the file: drops the append-only guards, then runs `sql`. */
function tamper(path: string, sql: string): void {
  const db = new Database(path);
  db.exec("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;");
  db.exec(sql);
  db.close();
}

beforeEach(() => {
  dir = tempDir();
  stores = openSqliteStores(dir.path("audit.db"));
});
afterEach(() => {
  stores.close();
  dir.remove();
});

describe("audit trail", () => {
  it("chains each entry to the one before it", () => {
    const first = stores.site.audit.append(entry(1));
    const second = stores.site.audit.append(entry(2));
    expect(first.seq).toBe(1);
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stores.site.audit.verify()).toEqual({ ok: true, entries: 2 });
  });

  it("lists by subject, newest `limit` entries, in order", () => {
    for (let i = 1; i <= 4; i++) stores.site.audit.append(entry(i, i % 2 ? "alert:a1" : "batch:b1"));
    expect(stores.site.audit.list().map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(stores.site.audit.list({ subject: "alert:a1" }).map((e) => e.seq)).toEqual([1, 3]);
    expect(stores.site.audit.list({ limit: 2 }).map((e) => e.seq)).toEqual([3, 4]);
    expect(stores.site.audit.list({ subject: "batch:b1", limit: 1 })[0]?.details).toEqual({
      comment: "step 4",
      level: 4,
    });
  });

  it("hashes what it stores: dates and undefined in details read back the same", () => {
    stores.site.audit.append({ ...entry(1), details: { at: new Date(T0), gone: undefined, n: 1 } });
    expect(stores.site.audit.list()[0]?.details).toEqual({ at: new Date(T0).toISOString(), n: 1 });
    expect(stores.site.audit.verify().ok).toBe(true);
  });

  it("canonical JSON does not depend on key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}',
    );
  });

  it("SQLite itself refuses to update or delete an audit row", () => {
    const path = fiveEntriesThenClose();
    const db = new Database(path);
    expect(() => db.prepare("UPDATE audit SET actor = 'mallory'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM audit").run()).toThrow(/append-only/);
    db.close();
  });

  it("detects an edited entry and names it", () => {
    const path = fiveEntriesThenClose();
    tamper(path, `UPDATE audit SET details = '{"comment":"all fine","level":3}' WHERE seq = 3`);
    stores = openSqliteStores(path);
    expect(stores.site.audit.verify()).toMatchObject({ ok: false, entries: 2, firstBadSeq: 3 });
  });

  it("detects an entry edited together with its own hash, at the next link", () => {
    const path = fiveEntriesThenClose();
    tamper(path, "UPDATE audit SET actor = 'mallory', hash = 'f' || substr(hash, 2) WHERE seq = 2");
    stores = openSqliteStores(path);
    const result = stores.site.audit.verify();
    expect(result.ok).toBe(false);
    expect(result.firstBadSeq).toBe(2);
  });

  it("detects a deleted entry in the middle", () => {
    const path = fiveEntriesThenClose();
    tamper(path, "DELETE FROM audit WHERE seq = 4");
    stores = openSqliteStores(path);
    expect(stores.site.audit.verify()).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it("detects the newest entries deleted, even after new appends", () => {
    const path = fiveEntriesThenClose();
    tamper(path, "DELETE FROM audit WHERE seq >= 4");
    stores = openSqliteStores(path);
    expect(stores.site.audit.verify()).toMatchObject({ ok: false, entries: 3, firstBadSeq: 4 });
    stores.site.audit.append(entry(6));
    expect(stores.site.audit.verify()).toMatchObject({ ok: false, firstBadSeq: 4 });
  });
});

describe("audit trail tampered with below the application", () => {
  it("reports a row whose details are not JSON as the first bad entry, and lists it as stored", () => {
    const path = fiveEntriesThenClose();
    tamper(path, "UPDATE audit SET details = 'not json {' WHERE seq = 3");
    stores = openSqliteStores(path);
    expect(stores.site.audit.verify()).toMatchObject({ ok: false, entries: 2, firstBadSeq: 3 });
    expect(stores.site.audit.verify().reason).toMatch(/details/);
    expect(stores.site.audit.list()[2]?.details).toEqual({ unreadableDetails: "not json {" });
  });

  it("reports details that are JSON but not an object (null, a number) too", () => {
    const path = fiveEntriesThenClose();
    tamper(path, "UPDATE audit SET details = 'null' WHERE seq = 2");
    stores = openSqliteStores(path);
    expect(stores.site.audit.verify()).toMatchObject({ ok: false, firstBadSeq: 2 });
  });
});
