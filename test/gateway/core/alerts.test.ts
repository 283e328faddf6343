// The alert lifecycle on a real SQLite site store: upsert by key, a cleared condition stays until
// resolved, acknowledge and resolve with the audit trail, repeats and escalation while nobody
// answers, state kept across a reopen, and the webhook retried with backoff against a real server.
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { escalateDue } from "../../../gateway/alerts/escalation.js";
import { startWebhookNotifier } from "../../../gateway/alerts/webhook.js";
import { createAlertWorkflow } from "../../../gateway/alerts/workflow.js";
import { EventBus } from "../../../gateway/bus.js";
import { Metrics } from "../../../gateway/metrics.js";
import { openSqliteStores, type SqliteStores } from "../../../gateway/store/open-store.js";
import type { Alert } from "../../../gateway/store/records.js";
import type { RuleEvent } from "../../../shared/rules/types.js";
import { quiet, removeDir } from "./ingest-rig.js";

const T0 = Date.UTC(2026, 10, 24, 12);
const MIN = 60_000;
let dir: string;
let stores: SqliteStores;
let nowMs: number;
const clock = { now: () => nowMs };

function setup() {
  const bus = new EventBus(quiet);
  const workflow = createAlertWorkflow({ site: stores.site, bus, clock, log: quiet });
  bus.on("ruleEvent", "alerts", (e) => workflow.onRuleEvent(e));
  const notices: Alert[] = [];
  bus.on("notify", "test", (n) => void notices.push(n.alert));
  return { bus, workflow, notices };
}

const excursion = (
  phase: RuleEvent["phase"],
  timeMs: number,
  severity: RuleEvent["severity"] = "warning",
): RuleEvent => ({
  kind: "temperature-excursion",
  phase,
  severity,
  unitId: "freezer-1",
  timeMs,
  key: "freezer-1:temperature-excursion:1000",
  message: "The freezer is too warm: keep the door shut and check the power.",
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mg-alerts-"));
  stores = openSqliteStores(join(dir, "milkguard.db"));
  nowMs = T0;
});

afterEach(() => {
  stores.close();
  removeDir(dir);
});

describe("alert lifecycle", () => {
  it("opens one alert per condition key, however often the rules say it again", () => {
    const { bus, notices } = setup();
    bus.emit("ruleEvent", excursion("raised", T0 - 5 * MIN));
    bus.emit("ruleEvent", excursion("raised", T0 - 5 * MIN));
    expect(stores.site.alerts.list()).toHaveLength(1);
    expect(notices).toHaveLength(1);
    bus.emit("ruleEvent", excursion("raised", T0, "critical"));
    const [alert] = stores.site.alerts.list();
    expect(alert?.severity).toBe("critical");
    expect(notices).toHaveLength(2); // worse: tell someone again
  });

  it("keeps a cleared condition's alert open until a person resolves it, with the audit trail", () => {
    const { bus, workflow } = setup();
    bus.emit("ruleEvent", excursion("raised", T0 - 30 * MIN));
    bus.emit("ruleEvent", excursion("cleared", T0 - 10 * MIN));
    const alert = stores.site.alerts.byKey("freezer-1:temperature-excursion:1000");
    expect(alert).toMatchObject({ state: "open", clearedAtMs: T0 - 10 * MIN });
    const id = alert?.id ?? "";
    expect(() => workflow.resolve(id, "sam", " ")).toThrow(/correctiveAction/);
    workflow.acknowledge(id, "sam", "on my way");
    expect(() => workflow.acknowledge(id, "sam", "again")).toThrow(/not open/);
    const resolved = workflow.resolve(id, "sam", "door seal replaced, bags checked: still frozen");
    expect(resolved).toMatchObject({ state: "resolved", ack: { by: "sam", comment: "on my way" } });
    const actions = stores.site.audit.list({ subject: `alert:${id}` }).map((e) => e.action);
    expect(actions.sort()).toEqual(["alert.acknowledged", "alert.cleared", "alert.opened", "alert.resolved"]);
    expect(stores.site.audit.verify().ok).toBe(true);
    bus.emit("ruleEvent", excursion("raised", T0 - 30 * MIN)); // the same episode replayed
    expect(stores.site.alerts.list().map((a) => a.state)).toEqual(["resolved"]);
    bus.emit("ruleEvent", excursion("raised", T0)); // back again after the clear: a new alert
    const [old, again] = stores.site.alerts.list().sort((a, b) => a.openedAtMs - b.openedAtMs);
    expect(old).toMatchObject({ id, state: "resolved" });
    expect(again).toMatchObject({ state: "open", key: "freezer-1:temperature-excursion:1000" });
  });

  it("refuses to resolve an alert whose condition lasts; a critical one is acknowledged with a word", () => {
    const { bus, workflow } = setup();
    bus.emit("ruleEvent", excursion("raised", T0 - 30 * MIN, "critical"));
    const id = stores.site.alerts.list()[0]?.id ?? "";
    expect(() => workflow.resolve(id, "sam", "moved the bags")).toThrow(/while its condition lasts/);
    expect(() => workflow.acknowledge(id, "sam", " ")).toThrow(/critical alert needs a word/);
    workflow.acknowledge(id, "sam", "bags moved to freezer 2");
    bus.emit("ruleEvent", excursion("cleared", T0 - 5 * MIN));
    expect(workflow.resolve(id, "sam", "compressor repaired").state).toBe("resolved");
  });

  it("acknowledges every open alert of a unit at once, with the comment a critical one needs", () => {
    const { bus, workflow } = setup();
    bus.emit("ruleEvent", excursion("raised", T0, "critical"));
    bus.emit("ruleEvent", { ...excursion("raised", T0), kind: "sensor-silent", key: "freezer-1:silent:1" });
    bus.emit("ruleEvent", { ...excursion("raised", T0), unitId: "fridge-2", key: "fridge-2:excursion:1" });
    expect(() => workflow.acknowledgeUnit("freezer-1", "sam", "")).toThrow(/critical/);
    const acked = workflow.acknowledgeUnit("freezer-1", "sam", "power back, checking the bags");
    expect(acked.map((a) => a.kind).sort()).toEqual(["sensor-silent", "temperature-excursion"]);
    expect(stores.site.alerts.list({ state: ["open"] }).map((a) => a.unitId)).toEqual(["fridge-2"]);
    expect(workflow.acknowledgeUnit("freezer-1", "sam", "again")).toEqual([]);
  });

  it("keeps each crossing and the rise to critical in event time, apart from arrival time", () => {
    const { bus } = setup();
    nowMs = T0 + 6 * 60 * MIN; // a backlog: all of it happened hours ago
    bus.emit("ruleEvent", excursion("raised", T0));
    bus.emit("ruleEvent", excursion("cleared", T0 + 20 * MIN));
    bus.emit("ruleEvent", excursion("raised", T0 + 50 * MIN));
    bus.emit("ruleEvent", excursion("raised", T0 + 90 * MIN, "critical"));
    const [alert] = stores.site.alerts.list();
    expect(alert?.history?.map((h) => [h.change, h.severity, h.eventAtMs, h.arrivedAtMs])).toEqual([
      ["opened", "warning", T0, nowMs],
      ["cleared", "warning", T0 + 20 * MIN, nowMs],
      ["raised-again", "warning", T0 + 50 * MIN, nowMs],
      ["severity", "critical", T0 + 90 * MIN, nowMs],
    ]);
    expect(alert).toMatchObject({ severity: "critical", openedAtMs: T0 });
    expect(alert?.clearedAtMs).toBeUndefined();
    const critical = stores.site.audit
      .list({ subject: `alert:${alert?.id}` })
      .find((e) => e.details.severity === "critical");
    expect(critical).toMatchObject({ atMs: nowMs, details: { eventAtMs: T0 + 90 * MIN } });
  });

  it("tells a backlog's episodes once, as a summary, when the unit's readings catch up", () => {
    const { bus, workflow, notices } = setup();
    const summaries: string[] = [];
    bus.on("notify", "summaries", (n) => void (n.summary && summaries.push(n.summary)));
    nowMs = T0 + 30 * 60 * MIN;
    for (let i = 0; i < 3; i++) {
      const at = T0 + i * 10 * 60 * MIN;
      const key = `freezer-1:temperature-excursion:${at}`;
      const warm = { side: "high", peakC: -6.2 + i, airC: -9 };
      bus.emit("ruleEvent", { ...excursion("raised", at), key, details: warm });
      bus.emit("ruleEvent", { ...excursion("cleared", at + 48 * MIN), key, details: warm });
    }
    expect(stores.site.alerts.list()).toHaveLength(3);
    expect(notices).toHaveLength(0); // none told as "now"
    workflow.caughtUp("freezer-1");
    expect(notices).toHaveLength(1);
    expect(summaries).toEqual([
      "While the sensor was out of reach: 3 temperature excursions (the worst -4.2 °C, the longest 48 min). All over by now.",
    ]);
  });

  it("repeats and escalates an unanswered alert, and stops once acknowledged", () => {
    const { bus, workflow, notices } = setup();
    bus.emit("ruleEvent", excursion("raised", T0));
    const deps = {
      site: stores.site,
      clock,
      workflow,
      policyFor: () => ({ repeatEveryMin: 15, maxLevel: 2 }),
    };
    nowMs = T0 + 14 * MIN;
    expect(escalateDue(deps)).toBe(0);
    for (const minutes of [15, 30, 45]) {
      nowMs = T0 + minutes * MIN;
      expect(escalateDue(deps)).toBe(1);
    }
    expect(notices.map((a) => a.escalationLevel)).toEqual([0, 1, 2, 2]);
    const id = notices[0]?.id ?? "";
    workflow.acknowledge(id, "sam", "seen");
    nowMs = T0 + 120 * MIN;
    expect(escalateDue(deps)).toBe(0);
  });

  it("keeps reminding about a silent sensor after it is acknowledged, until it reports again", () => {
    const { bus, workflow, notices } = setup();
    const silent: RuleEvent = {
      ...excursion("raised", T0),
      kind: "sensor-silent",
      key: "freezer-1:sensor-silent:1",
    };
    bus.emit("ruleEvent", silent);
    const deps = {
      site: stores.site,
      clock,
      workflow,
      policyFor: () => ({ repeatEveryMin: 15, maxLevel: 2 }),
    };
    workflow.acknowledge(notices[0]?.id ?? "", "sam", "checking the plug");
    nowMs = T0 + 15 * MIN;
    expect(escalateDue(deps)).toBe(1);
    expect(notices.at(-1)?.escalationLevel).toBe(0); // reminded, not escalated over the acknowledger
    bus.emit("ruleEvent", { ...silent, phase: "cleared", timeMs: nowMs });
    nowMs = T0 + 60 * MIN;
    expect(escalateDue(deps)).toBe(0);
  });

  it("still has open alerts after the store is reopened", () => {
    const { bus } = setup();
    bus.emit("ruleEvent", excursion("raised", T0));
    stores.close();
    stores = openSqliteStores(join(dir, "milkguard.db"));
    expect(stores.site.alerts.list({ state: ["open"] })).toHaveLength(1);
  });
});

describe("webhook notifier", () => {
  let server: Server;
  let received: unknown[];
  let failFirst: number;

  beforeEach(async () => {
    received = [];
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString();
      });
      req.on("end", () => {
        if (failFirst-- > 0) return void res.writeHead(503).end();
        received.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const url = () => `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;

  it("posts every notice as JSON, retrying a failing endpoint with backoff", async () => {
    failFirst = 2;
    const { bus } = setup();
    const metrics = new Metrics();
    const hook = startWebhookNotifier(
      { url: url(), maxQueue: 10, maxAttempts: 5, backoffMs: 5, timeoutMs: 2000 },
      { bus, metrics, log: quiet },
    );
    bus.emit("ruleEvent", excursion("raised", T0));
    await hook.drained();
    expect(received).toMatchObject([
      { type: "milkguard.alert", alert: { kind: "temperature-excursion", state: "open" } },
    ]);
    expect(metrics.value("milkguard_notifications_total", { channel: "webhook", outcome: "sent" })).toBe(1);
    hook.close();
  });

  it("drops the oldest notice, counted, when the queue is full, and never blocks the caller", async () => {
    failFirst = 0;
    const { bus } = setup();
    const metrics = new Metrics();
    const hook = startWebhookNotifier(
      { url: url(), maxQueue: 2, maxAttempts: 1, backoffMs: 5, timeoutMs: 2000 },
      { bus, metrics, log: quiet },
    );
    for (let i = 0; i < 5; i++) bus.emit("ruleEvent", { ...excursion("raised", T0), key: `k${i}` });
    await hook.drained();
    expect(metrics.value("milkguard_notifications_total", { channel: "webhook", outcome: "dropped" })).toBe(
      2,
    );
    expect(received).toHaveLength(3);
    hook.close();
  });
});
