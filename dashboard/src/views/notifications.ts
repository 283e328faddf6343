// Each person's Notifications page: where alerts reach her (e-mail, SMS), quiet hours (a critical
// alert still comes), a test notice; for the admin, the site's settings as the gateway runs them, with
// every secret shown only as set or not (they are changed in the configuration file).
import type { NotificationSettings, PersonalChannel } from "../../../shared/api/notifications.js";
import { get, post } from "../api.js";
import { el, field } from "../dom.js";
import type { Page } from "../page.js";
import { formError, submitting, table } from "../ui.js";

const CHANNEL: Record<PersonalChannel, string> = {
  email: "E-mail",
  sms: "Text message (SMS)",
  push: "Phone notification",
};

export async function notificationsView(root: HTMLElement, page: Page): Promise<void> {
  const settings = await get("/api/notifications/settings");
  const push = await pushSection();
  root.append(
    el("h1", {}, "Notifications"),
    el(
      "p",
      {},
      "Where MilkGuard tells you of an alert. A critical alert always comes at once, quiet hours or not.",
    ),
    settingsForm(settings),
    ...(push ? [push] : []),
    testForm(),
  );
  if (page.user.can.readSiteSettings) root.append(await siteSettings());
}

function settingsForm(settings: NotificationSettings): HTMLFormElement {
  const email = el("input", {
    name: "email",
    type: "email",
    value: settings.email ?? "",
    autocomplete: "email",
  });
  const phone = el("input", {
    name: "phone",
    type: "tel",
    value: settings.phone ?? "",
    autocomplete: "tel",
    placeholder: "+447700900123",
  });
  // push is turned on per phone or computer (pushSection), not ticked here
  const ticked: PersonalChannel[] = ["email", "sms"];
  const boxes = ticked.map((channel) => {
    const offered = settings.available.includes(channel);
    const box = el("input", {
      type: "checkbox",
      name: "channel",
      value: channel,
      checked: settings.channels.includes(channel),
      disabled: !offered,
    });
    return el(
      "label",
      { class: "check" },
      box,
      ` ${CHANNEL[channel]}${offered ? "" : " (not set up on this site)"}`,
    );
  });
  const quiet = el("input", { type: "checkbox", name: "quiet", checked: settings.quietHours !== null });
  const from = el("input", { name: "from", type: "time", value: settings.quietHours?.from ?? "22:00" });
  const to = el("input", { name: "to", type: "time", value: settings.quietHours?.to ?? "07:00" });
  const weekly = el("input", { type: "checkbox", name: "weekly", checked: settings.weeklyDigest });
  const saved = el("p", { "aria-live": "polite" });
  const form = el(
    "form",
    { class: "stack" },
    el("fieldset", {}, el("legend", {}, "Send alerts by"), ...boxes),
    field("E-mail address", email),
    field("Mobile number", phone, "with its country code, for text messages"),
    el(
      "fieldset",
      {},
      el("legend", {}, "Quiet hours"),
      el("label", { class: "check" }, quiet, " Hold warnings overnight (critical alerts still come)"),
      field("From", from),
      field("Until", to),
    ),
    el("label", { class: "check" }, weekly, " Weekly 'all is well' for my freezers"),
    el("button", { type: "submit" }, "Save"),
    formError(),
    saved,
  );
  form.addEventListener(
    "submit",
    submitting(form, async () => {
      const channels = boxes.flatMap((label) => {
        const box = label.querySelector("input");
        return box?.checked ? [box.value as PersonalChannel] : [];
      });
      if (settings.channels.includes("push")) channels.push("push");
      await post("/api/notifications/settings", {
        email: email.value.trim() || null,
        phone: phone.value.replace(/\s/g, "") || null,
        channels,
        quietHours: quiet.checked ? { from: from.value, to: to.value } : null,
        weeklyDigest: weekly.checked,
      });
      saved.textContent = "✓ Saved.";
    }),
  );
  return form;
}

/** notices on this phone or computer by Web Push, where the site offers it and the browser can */
async function pushSection(): Promise<HTMLElement | null> {
  const { publicKey, devices } = await get("/api/notifications/push");
  if (publicKey === null) return null;
  const status = el("p", { "aria-live": "polite" });
  const section = el("section", {}, el("h2", {}, "On this phone or computer"), status);
  const workers = navigator.serviceWorker;
  if (!workers || !("PushManager" in window)) {
    status.textContent =
      "This browser cannot show MilkGuard's notices. On an iPhone, add MilkGuard to the home screen first (Share, Add to Home Screen) and open it from there.";
    return section;
  }
  const button = el("button", { type: "button" });
  section.append(button);
  const subscription = async () => (await workers.ready).pushManager.getSubscription();
  const draw = async (count: number) => {
    const on = (await subscription()) !== null;
    button.textContent = on ? "Turn off on this device" : "Turn on on this device";
    status.textContent = `${on ? "✓ Notices come to this device." : "Notices do not come to this device."} ${count} device${count === 1 ? "" : "s"} in all.`;
  };
  button.addEventListener("click", () => {
    void (async () => {
      const current = await subscription();
      if (current) {
        await current.unsubscribe();
        await draw((await post("/api/notifications/push/remove", { endpoint: current.endpoint })).devices);
        return;
      }
      if ((await Notification.requestPermission()) !== "granted") {
        status.textContent = "Notifications are blocked for this site in the browser's settings.";
        return;
      }
      const created = await (await workers.ready).pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: fromBase64Url(publicKey),
      });
      const { endpoint, keys } = created.toJSON();
      if (!endpoint || !keys?.p256dh || !keys.auth) throw new Error("the browser gave no push keys");
      await draw(
        (await post("/api/notifications/push", { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } }))
          .devices,
      );
    })().catch((err: unknown) => {
      status.textContent = `Could not change it: ${err instanceof Error ? err.message : String(err)}`;
    });
  });
  await draw(devices);
  return section;
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function testForm(): HTMLFormElement {
  const result = el("ul", { "aria-live": "polite" });
  const form = el(
    "form",
    { class: "toolbar" },
    el("button", { type: "submit" }, "Send me a test"),
    formError(),
    result,
  );
  form.addEventListener(
    "submit",
    submitting(form, async () => {
      const sent = await post("/api/notifications/test", {});
      result.replaceChildren(
        ...sent.queued.map((q) => el("li", {}, `✓ ${CHANNEL[q.channel]} to ${q.to}: on its way`)),
        ...sent.skipped.map((s) => el("li", {}, `– ${CHANNEL[s.channel]}: ${s.reason}`)),
        ...(sent.queued.length + sent.skipped.length === 0 ? [el("li", {}, "Choose a channel first.")] : []),
      );
    }),
  );
  return form;
}

async function siteSettings(): Promise<HTMLElement> {
  const site = await get("/api/notifications/site");
  const yes = (set: boolean) => (set ? "set" : "not set");
  const rows: [string, string][] = [
    ["Links in notices start with", site.publicUrl],
    ["Time zone (quiet hours, rota)", site.timeZone],
    ["Acknowledge links work for", `${site.ackLinkHours} h, once`],
    [
      "E-mail",
      site.email
        ? `${site.email.host}:${site.email.port} (${site.email.tls}), from ${site.email.from}, login ${site.email.user ?? "none"}, password ${yes(site.email.passwordSet)}`
        : "not set up",
    ],
    [
      "SMS",
      !site.sms
        ? "not set up"
        : site.sms.provider === "twilio"
          ? `Twilio, account ${site.sms.accountSid}, from ${site.sms.from}, token ${yes(site.sms.authTokenSet)}`
          : `HTTP ${site.sms.url}, headers ${site.sms.headerNames.join(", ") || "none"}`,
    ],
    ["Webhook", yes(site.webhook.urlSet)],
    ...site.escalation.map((step, i): [string, string] => [
      `Escalation step ${i + 1}: ${step.name}`,
      step.users
        ? step.users.join(", ")
        : Object.entries(step.rota ?? {})
            .map(([day, names]) => `${day} ${names.join(", ")}`)
            .join("; "),
    ]),
    [
      "Waiting to be sent",
      Object.entries(site.pending)
        .map(([c, n]) => `${c} ${n}`)
        .join(", ") || "nothing",
    ],
  ];
  return el(
    "section",
    {},
    el("h2", {}, "This site's settings"),
    el("p", {}, "Set in the configuration file (docs/notifications.md); secrets are never shown."),
    table(["Setting", "Value"], rows),
  );
}
