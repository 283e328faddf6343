// The webhook, one notifier among the others (gateway/notify): every notice is POSTed as JSON to the
// site's URL (which can relay it anywhere). It rides the shared delivery queue: a slow or dead
// endpoint never holds up ingest or the other channels; failures are retried with back-off, and a
// full lane drops its oldest notice, counted.
import type { EventBus } from "../bus.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import { createDeliveryQueue } from "../notify/delivery-queue.js";
import type { AlertMessage, NoticeMessage } from "../notify/message.js";
import type { DeliveryReport, Notifier } from "../notify/notifier.js";
import type { Notice } from "./backlog-summary.js";

export interface WebhookOptions {
  url: string;
  maxQueue: number;
  maxAttempts: number;
  /** first retry after this, doubling each time */
  backoffMs: number;
  timeoutMs: number;
}

/** the longest a retry waits, however many have failed */
const MAX_BACKOFF_MS = 5 * 60_000;

export function webhookNotifier(options: WebhookOptions): Notifier {
  return {
    channel: "webhook",
    policy: {
      maxPending: options.maxQueue,
      maxAttempts: options.maxAttempts,
      backoffMs: options.backoffMs,
      maxBackoffMs: MAX_BACKOFF_MS,
    },
    send: (message) => post(options, message),
  };
}

/** what the webhook is given for a notice: the alert as it was when the notice was made */
export function webhookMessage(url: string, { alert, summary }: Notice): AlertMessage {
  return {
    kind: "alert",
    to: { address: url },
    alert,
    ...(summary ? { summary } : {}),
    unitName: alert.unitId,
    bags: [],
    alertUrl: "",
  };
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

/** The webhook on a queue of its own, told every notice on the bus; nothing is kept over a restart. */
export function startWebhookNotifier(options: WebhookOptions, deps: WebhookDeps): WebhookNotifier {
  const clock = { now: () => Date.now() };
  const queue = createDeliveryQueue({ notifiers: [webhookNotifier(options)], ...deps, clock });
  deps.bus.on("notify", "webhook", (notice) => queue.enqueue("webhook", webhookMessage(options.url, notice)));
  return {
    drained: () => queue.drained(),
    close: () => {
      queue.close();
      deps.bus.removeOwner("webhook");
    },
  };
}

async function post(options: WebhookOptions, message: NoticeMessage): Promise<DeliveryReport> {
  if (message.kind !== "alert")
    return { ok: false, problem: "the webhook takes alerts only", permanent: true };
  const { alert, summary } = message;
  try {
    const response = await fetch(options.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "milkguard.alert", alert, ...(summary ? { summary } : {}) }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    return response.ok ? { ok: true } : { ok: false, problem: `HTTP ${response.status}` };
  } catch (err) {
    return { ok: false, problem: err instanceof Error ? err.message : String(err) };
  }
}
