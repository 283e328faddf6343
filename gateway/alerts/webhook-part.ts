// The webhook notifier as a part: it listens to "notify" while the gateway runs (webhook.ts).
import type { Part } from "../part.js";
import {
  startWebhookNotifier,
  type WebhookDeps,
  type WebhookNotifier,
  type WebhookOptions,
} from "./webhook.js";

export function webhookPart(options: WebhookOptions, deps: WebhookDeps): Part {
  let notifier: WebhookNotifier | undefined;
  return {
    name: "webhook",
    start: () => {
      notifier = startWebhookNotifier(options, deps);
    },
    stop: () => notifier?.close(),
  };
}
