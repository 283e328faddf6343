// Rule events are written as they come in a turn of the event loop: all of one turn in one
// transaction (a storm's rule tick cleared thousands of alerts, each with its own fsync, and held the
// gateway for seconds), a larger burst a share per turn, told to the bus only once committed, kept and
// written later while the file takes no writes, and one wrong event does not stop the others.
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventBus } from "../../../gateway/bus.js";
import { auditedChange } from "../../../gateway/store/audited-change.js";
import { openSqliteStores, type SqliteStores } from "../../../gateway/store/open-store.js";
import { EVENTS_PER_TURN, retryWhileStoreFails } from "../../../gateway/store/retry-while-store-fails.js";
import type { SiteStore } from "../../../gateway/store/site-store.js";
import { quiet } from "../core/ingest-rig.js";
import { type TempDir, tempDir } from "./temp-store.js";

let dir: TempDir;
let stores: SqliteStores;
let bus: EventBus;
let told: string[];
let transactions: number;
let errors: string[];

const log = { error: (message: string) => void errors.push(message) };
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** counts the transactions begun outside any other: one commit each */
function countTransactions(site: SiteStore): void {
  const transaction = site.transaction.bind(site);
  let depth = 0;
  site.transaction = <T>(work: () => T): T => {
    if (depth === 0) transactions++;
    depth++;
    try {
      return transaction(work);
    } finally {
      depth--;
    }
  };
}

/** a rule event's write as the alerts make it: a change and its audit line; "wrong" is a bug */
function writeEvent(subject: string): void {
  auditedChange(
    stores.site,
    bus,
    { atMs: 0, actor: "rules", action: "alert.opened", subject, details: {} },
    () => {
      if (subject === "wrong") throw new Error("a bug in one event");
    },
  );
}

const written = () =>
  stores.site.audit
    .list({ limit: 10_000 })
    .map((a) => a.subject)
    .sort();
const subjects = (n: number) => Array.from({ length: n }, (_, i) => `alert:${String(i).padStart(4, "0")}`);

beforeEach(() => {
  dir = tempDir();
  stores = openSqliteStores(dir.path("milkguard.db"));
  bus = new EventBus(quiet);
  told = [];
  transactions = 0;
  errors = [];
  bus.on("audit", "test", (entry) => void told.push(entry.subject));
  countTransactions(stores.site);
});
afterEach(() => {
  stores.close();
  dir.remove();
});

describe("rule events written while the store fails", () => {
  const events = () =>
    retryWhileStoreFails("a rule event", writeEvent, log, (work) => stores.site.transaction(work));

  it("writes the events of one turn in one transaction, and tells of them once committed", async () => {
    const handler = events();
    for (const subject of subjects(200)) handler.handle(subject);
    expect(told).toEqual([]);
    await nextTurn();
    expect(transactions).toBe(1);
    expect(written()).toEqual(subjects(200));
    expect([...told].sort()).toEqual(subjects(200));
    for (const subject of subjects(3)) handler.handle(subject.replace("alert", "later"));
    await nextTurn();
    expect(transactions).toBe(2);
  });

  it("writes a larger burst a share per turn, in order, so that the gateway's other work runs between", async () => {
    const handler = events();
    const burst = subjects(2 * EVENTS_PER_TURN + 10);
    for (const subject of burst) handler.handle(subject);
    let betweenShares: number | undefined;
    setImmediate(() => (betweenShares = handler.waiting));
    await nextTurn();
    expect(transactions).toBe(1);
    expect(handler.waiting).toBe(burst.length - EVENTS_PER_TURN);
    await expect.poll(() => handler.waiting).toBe(0);
    expect(betweenShares).toBe(burst.length - EVENTS_PER_TURN);
    expect(transactions).toBe(3);
    expect(written()).toEqual(burst);
    expect(told).toEqual(burst);
  });

  it("writes what is still kept when it stops", () => {
    const handler = events();
    const burst = subjects(3 * EVENTS_PER_TURN);
    for (const subject of burst) handler.handle(subject);
    handler.stop();
    expect(handler.waiting).toBe(0);
    expect(told).toEqual(burst);
  });

  it("drops and logs a wrong event; the others of its turn are still written, each told once", async () => {
    const handler = events();
    for (const subject of [...subjects(5), "wrong", ...subjects(10).slice(5)]) handler.handle(subject);
    await nextTurn();
    expect(written()).toEqual(subjects(10));
    expect([...told].sort()).toEqual(subjects(10));
    expect(errors).toEqual(["a rule event failed"]);
  });

  it("while another connection holds the write lock, writes and tells nothing of the turn; all of it once released", async () => {
    const other = new Database(dir.path("milkguard.db"));
    other.prepare("BEGIN IMMEDIATE").run();
    const handler = events();
    for (const subject of subjects(20)) handler.handle(subject);
    await nextTurn();
    expect(written()).toEqual([]);
    expect(told).toEqual([]);
    expect(handler.waiting).toBe(20);
    other.prepare("ROLLBACK").run();
    other.close();
    await expect.poll(() => handler.waiting, { timeout: 5_000, interval: 100 }).toBe(0);
    expect(written()).toEqual(subjects(20));
    expect([...told].sort()).toEqual(subjects(20));
    handler.stop();
  });
});

describe("afterCommit", () => {
  it("tells after the outermost commit, never of a part rolled back, and at once outside a transaction", () => {
    const site = stores.site;
    const heard: string[] = [];
    site.transaction(() => {
      site.afterCommit(() => heard.push("outer"));
      try {
        site.transaction(() => {
          site.afterCommit(() => heard.push("rolled back"));
          throw new Error("undone");
        });
      } catch {
        // the inner part is undone, the outer goes on
      }
      site.transaction(() => site.afterCommit(() => heard.push("inner")));
      expect(heard).toEqual([]);
    });
    expect(heard).toEqual(["outer", "inner"]);
    expect(() =>
      site.transaction(() => {
        site.afterCommit(() => heard.push("never"));
        throw new Error("all undone");
      }),
    ).toThrow("all undone");
    site.afterCommit(() => heard.push("now"));
    expect(heard).toEqual(["outer", "inner", "now"]);
  });
});
