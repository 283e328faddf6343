// The one delivery queue every channel shares: each channel has its own lane, so a dead webhook never
// holds up an e-mail; a lane sends one notice at a time, retries a failed one with back-off, and holds
// at most its policy's maxPending (then drops the oldest waiting, counted). Alerts due to one person
// at the same time go to her as one digest, and a notice whose alert was answered while it waited is
// cancelled. With a store every notice
// is kept in the SQLite file until it is sent or given up, so a restart loses none. Each outcome is
// counted in milkguard_notifications_total{channel,outcome} and written to the audit trail.

import type { Logger } from "../log.js";
import { METRIC, type Metrics } from "../metrics.js";
import type { NoticeStore, PendingNotice } from "../store/notices.js";
import type { AlertMessage, NoticeMessage, QueuedMessage } from "./message.js";
import { backoffAfter, type Notifier } from "./notifier.js";

export type Outcome = "sent" | "retried" | "failed" | "dropped" | "cancelled";

/** alerts listed in one digest at most; the rest follow in the next */
export const MAX_DIGEST = 50;

export interface DeliveryQueueDeps {
  notifiers: Notifier[];
  metrics: Metrics;
  /** the gateway's clock (gateway/clock.ts) */
  clock: { now(): number };
  log: Logger;
  /** the durable copy; without it (a webhook on its own) nothing outlives the process */
  store?: NoticeStore;
  /** false when the notice is no longer worth sending (its alert was acknowledged while it waited) */
  stillWanted?(message: QueuedMessage): boolean;
  /** writes one outcome to the audit trail */
  audit?(outcome: Exclude<Outcome, "retried">, notice: PendingNotice, detail: string | undefined): void;
}

export interface DeliveryQueue {
  /** queues a notice on its channel, not before `dueAtMs` (quiet hours); ignored for a channel not set up */
  enqueue(channel: string, message: QueuedMessage, dueAtMs?: number): void;
  channels(): string[];
  /** notices waiting now, by channel */
  pending(): Record<string, number>;
  /**
   * resolves when nothing is being sent and nothing waits but notices held for later on purpose
   * (quiet hours): retries are waited for (tests, a clean shutdown)
   */
  drained(): Promise<void>;
  close(): void;
}

interface Lane {
  notifier: Notifier;
  waiting: PendingNotice[];
  sending: boolean;
  timer?: NodeJS.Timeout;
}

const DRAIN_POLL_MS = 10;

export function createDeliveryQueue(deps: DeliveryQueueDeps): DeliveryQueue {
  const { clock, log, store } = deps;
  const lanes = new Map<string, Lane>();
  for (const notifier of deps.notifiers)
    lanes.set(notifier.channel, { notifier, waiting: [], sending: false });
  let closed = false;
  let localId = 0;

  const count = (channel: string, outcome: Outcome) =>
    deps.metrics.inc(METRIC.notifications[0], METRIC.notifications[1], { channel, outcome });

  /** the store refusing a write (a locked file) must not lose the notice: it goes on in memory */
  function kept<T>(what: string, write: () => T): T | undefined {
    try {
      return store ? write() : undefined;
    } catch (err) {
      log.error(`notice queue: could not ${what} in the store; it goes on in memory`, err);
      return undefined;
    }
  }

  function finish(lane: Lane, notice: PendingNotice, outcome: Exclude<Outcome, "retried">, detail?: string) {
    kept("remove a notice", () => store?.remove(notice.id));
    count(lane.notifier.channel, outcome);
    try {
      deps.audit?.(outcome, notice, detail);
    } catch (err) {
      log.error(`notice queue: the audit line for a ${outcome} notice was not written`, err);
    }
  }

  function add(lane: Lane, notice: PendingNotice): void {
    if (lane.waiting.length >= lane.notifier.policy.maxPending) {
      const oldest = lane.waiting.reduce((a, b) => (b.id < a.id ? b : a));
      lane.waiting.splice(lane.waiting.indexOf(oldest), 1);
      finish(lane, oldest, "dropped", `more than ${lane.notifier.policy.maxPending} notices waiting`);
    }
    lane.waiting.push(notice);
    void pump(lane);
  }

  async function pump(lane: Lane): Promise<void> {
    if (lane.sending || closed) return;
    clearTimeout(lane.timer);
    lane.sending = true;
    try {
      for (let next = earliest(lane); next && !closed; next = earliest(lane)) {
        const wait = next.dueAtMs - clock.now();
        if (wait > 0) {
          lane.timer = setTimeout(() => void pump(lane), wait);
          lane.timer.unref();
          break;
        }
        const batch = [next, ...dueTogetherWith(lane, next)];
        for (const n of batch) lane.waiting.splice(lane.waiting.indexOf(n), 1);
        const wanted = batch.filter((n) => deps.stillWanted?.(n.message) ?? true);
        for (const n of batch)
          if (!wanted.includes(n)) finish(lane, n, "cancelled", "answered while it waited");
        if (wanted.length > 0) await attempt(lane, wanted);
      }
    } finally {
      lane.sending = false;
    }
  }

  /** alerts to the same person due now, to send with `first` as one digest */
  function dueTogetherWith(lane: Lane, first: PendingNotice): PendingNotice[] {
    const { to, kind } = first.message;
    if (to.userId === undefined || kind !== "alert") return [];
    const now = clock.now();
    const mates = lane.waiting.filter(
      (n) =>
        n !== first &&
        n.dueAtMs <= now &&
        n.message.kind === "alert" &&
        n.message.to.userId === to.userId &&
        n.message.to.address === to.address,
    );
    return mates.slice(0, MAX_DIGEST - 1);
  }

  async function attempt(lane: Lane, batch: PendingNotice[]): Promise<void> {
    const { notifier } = lane;
    const [first] = batch as [PendingNotice, ...PendingNotice[]];
    const message: NoticeMessage =
      batch.length === 1
        ? first.message
        : { kind: "digest", to: first.message.to, alerts: batch.map((n) => n.message as AlertMessage) };
    const report = await notifier.send(message).catch((err: unknown) => ({
      ok: false as const,
      problem: err instanceof Error ? err.message : String(err),
    }));
    const inDigest = batch.length > 1 ? ` (one digest of ${batch.length})` : "";
    if (!report.ok)
      log.warn(
        `${notifier.channel} try ${first.attempts + 1} for ${describe(message)} failed: ${report.problem}`,
      );
    for (const notice of batch) {
      const attempts = notice.attempts + 1;
      if (report.ok) {
        finish(
          lane,
          { ...notice, attempts },
          "sent",
          `${report.detail ?? ""}${inDigest}`.trim() || undefined,
        );
        continue;
      }
      // closing: the notice stays in the store and is tried again after the restart
      if (closed) continue;
      const permanent = "permanent" in report && report.permanent === true;
      if (permanent || attempts >= notifier.policy.maxAttempts) {
        finish(lane, { ...notice, attempts }, "failed", report.problem);
        continue;
      }
      const dueAtMs = clock.now() + backoffAfter(notifier.policy, attempts);
      kept("reschedule a notice", () => store?.retryAt(notice.id, attempts, dueAtMs));
      count(notifier.channel, "retried");
      lane.waiting.push({ ...notice, attempts, dueAtMs });
    }
  }

  // what a previous run left waiting is sent first (its rows keep their order)
  for (const notice of kept("read the waiting notices", () => store?.pending()) ?? []) {
    const lane = lanes.get(notice.channel);
    if (lane) lane.waiting.push(notice);
    else log.warn(`a waiting ${notice.channel} notice stays in the store: that channel is not set up now`);
  }
  for (const lane of lanes.values()) void pump(lane);

  /** held on purpose for later: never tried, due after now (quiet hours) */
  const heldBack = (n: PendingNotice) => n.attempts === 0 && n.dueAtMs > clock.now();
  const busy = () => [...lanes.values()].some((l) => l.sending || l.waiting.some((n) => !heldBack(n)));

  return {
    enqueue(channel, message, dueAtMs) {
      const lane = lanes.get(channel);
      if (!lane || closed) return;
      const notice = {
        channel,
        createdAtMs: clock.now(),
        dueAtMs: dueAtMs ?? clock.now(),
        attempts: 0,
        message,
      };
      const id = kept("keep a notice", () => store?.add(notice)) ?? --localId;
      add(lane, { ...notice, id });
    },
    channels: () => [...lanes.keys()],
    pending: () => Object.fromEntries([...lanes].map(([channel, lane]) => [channel, lane.waiting.length])),
    async drained() {
      while (busy() && !closed) await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    },
    close() {
      closed = true;
      for (const lane of lanes.values()) {
        clearTimeout(lane.timer);
        lane.notifier.close?.();
      }
    },
  };
}

function earliest(lane: Lane): PendingNotice | undefined {
  let best: PendingNotice | undefined;
  for (const n of lane.waiting) if (!best || n.dueAtMs < best.dueAtMs) best = n;
  return best;
}

function describe(message: NoticeMessage): string {
  switch (message.kind) {
    case "alert":
      return `alert ${message.alert.id}`;
    case "digest":
      return `a digest of ${message.alerts.length} alerts`;
    case "test":
      return `a test for ${message.to.userId}`;
    case "weekly":
      return `the weekly digest for ${message.to.userId}`;
  }
}
