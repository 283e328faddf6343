// The dashboard's service worker: a MilkGuard Web Push notice (gateway/notify/push.ts) shown on the
// phone's lock screen with the unit, the value and what to do; a tap opens the alert in the
// dashboard (an open one is reused). Built on its own as sw.js (scripts/build-dashboard.ts).

/** what the gateway sends (gateway/notify/render.ts renderPush) */
interface PushPayload {
  title: string;
  body: string;
  url: string;
  tag: string;
}

// The page's lib is the DOM's, not a worker's: the few worker types used here, declared.
interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface PushEvent extends ExtendableEvent {
  data: { json(): unknown } | null;
}
interface NotificationEvent extends ExtendableEvent {
  notification: Notification;
}
interface WindowClient {
  url: string;
  focus(): Promise<unknown>;
  navigate(url: string): Promise<unknown>;
}
interface WorkerScope {
  location: Location;
  registration: ServiceWorkerRegistration;
  clients: {
    matchAll(options: { type: "window" }): Promise<WindowClient[]>;
    openWindow(url: string): Promise<unknown>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: string, listener: (event: Event) => void): void;
}

const worker = self as unknown as WorkerScope;

worker.addEventListener("install", () => void worker.skipWaiting());

worker.addEventListener("push", (event) => {
  const push = event as PushEvent;
  const notice = push.data?.json() as PushPayload | undefined;
  if (!notice) return;
  push.waitUntil(
    worker.registration.showNotification(notice.title, {
      body: notice.body,
      tag: notice.tag,
      data: { url: notice.url },
      icon: "/icon.svg",
    }),
  );
});

worker.addEventListener("notificationclick", (event) => {
  const click = event as NotificationEvent;
  click.notification.close();
  // the alert's page on this dashboard, whatever address the gateway put in its links
  const hash = new URL((click.notification.data as { url: string }).url).hash;
  const target = `${worker.location.origin}/${hash}`;
  click.waitUntil(
    worker.clients.matchAll({ type: "window" }).then(async (open) => {
      const page = open.find((c) => c.url.startsWith(worker.location.origin));
      if (!page) return worker.clients.openWindow(target);
      await page.navigate(target);
      return page.focus();
    }),
  );
});
