// A webhook notifier: every notice is POSTed as JSON to the site's URL (which can relay SMS or
// e-mail). It works in the background from a bounded queue, so a slow or dead endpoint never holds up
// ingest; failures are retried with exponential backoff, and a full queue drops its oldest notice,
// counted.
import type { EventBus } from "../bus.js";
import type { Logger } from "../log.js";
import { METRIC, type Metrics } from "../metrics.js";
import type { Notice } from "./backlog-summary.js";

export interface WebhookOptions {
  url: string;
  maxQueue: number;
  maxAttempts: number;
  /** first retry after this, doubling each time */
  backoffMs: number;
  timeoutMs: number;
}

export interface WebhookDeps {
  bus: EventBus;
  metrics: Metrics;
  log: Logger;
}

export interface WebhookNotifier {
  /** resolves when the queue is empty (for tests and a clean shutdown) */
  drained(): Promise<void>;
  close(): void;
}

export function startWebhookNotifier(options: WebhookOptions, deps: WebhookDeps): WebhookNotifier {
  const queue: Notice[] = [];
  let running: Promise<void> | null = null;
  let closed = false;
  const count = (outcome: string) =>
    deps.metrics.inc(METRIC.notifications[0], METRIC.notifications[1], { channel: "webhook", outcome });

  async function deliver(notice: Notice): Promise<void> {
    for (let attempt = 1; attempt <= options.maxAttempts && !closed; attempt++) {
      const problem = await post(options, notice);
      if (problem === null) return count("sent");
      deps.log.warn(`webhook attempt ${attempt} for alert ${notice.alert.id} failed: ${problem}`);
      if (attempt < options.maxAttempts) await sleep(options.backoffMs * 2 ** (attempt - 1));
    }
    count("failed");
  }

  async function work(): Promise<void> {
    for (let notice = queue.shift(); notice !== undefined && !closed; notice = queue.shift())
      await deliver(notice);
    running = null;
  }

  deps.bus.on("notify", "webhook", (notice) => {
    if (closed) return;
    if (queue.length >= options.maxQueue) {
      queue.shift();
      count("dropped");
    }
    queue.push(notice);
    running ??= work();
  });

  return {
    drained: async () => {
      while (running) await running;
    },
    close: () => {
      closed = true;
      deps.bus.removeOwner("webhook");
    },
  };
}

async function post(options: WebhookOptions, { alert, summary }: Notice): Promise<string | null> {
  try {
    const response = await fetch(options.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "milkguard.alert", alert, ...(summary ? { summary } : {}) }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    return response.ok ? null : `HTTP ${response.status}`;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
