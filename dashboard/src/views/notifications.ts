// Each person's Notifications page: where alerts reach her (e-mail, SMS), quiet hours (a critical
// alert still comes), a test notice; for the admin, the site's settings as the gateway runs them, with
// every secret shown only as set or not (they are changed in the configuration file).
import type { NotificationSettings, PersonalChannel } from "../../../shared/api/notifications.js";
import { get, post } from "../api.js";
import { el, field } from "../dom.js";
import { plural, t } from "../i18n/reader.js";
import type { Page } from "../page.js";
import { formError, submitting, table } from "../ui.js";

export async function notificationsView(root: HTMLElement, page: Page): Promise<void> {
  const settings = await get("/api/notifications/settings");
  const push = await pushSection();
  const words = t().notifications;
  root.append(
    el("h1", {}, words.title),
    el("p", {}, words.intro),
    settingsForm(settings),
    ...(push ? [push] : []),
    testForm(),
  );
  if (page.user.can.readSiteSettings) root.append(await siteSettings());
}

function settingsForm(settings: NotificationSettings): HTMLFormElement {
  const words = t().notifications;
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
    placeholder: words.phonePlaceholder,
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
      ` ${words.channels[channel]}${offered ? "" : words.notOffered}`,
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
    el("fieldset", {}, el("legend", {}, words.sendBy), ...boxes),
    field(words.email, email),
    field(words.phone, phone, words.phoneHint),
    el(
      "fieldset",
      {},
      el("legend", {}, words.quietHours),
      el("label", { class: "check" }, quiet, words.holdWarnings),
      field(words.from, from),
      field(words.until, to),
    ),
    el("label", { class: "check" }, weekly, " Weekly 'all is well' for my freezers"),
    el("button", { type: "submit" }, words.save),
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
      saved.textContent = words.saved;
    }),
  );
  return form;
}

/** notices on this phone or computer by Web Push, where the site offers it and the browser can */
async function pushSection(): Promise<HTMLElement | null> {
  const { publicKey, devices } = await get("/api/notifications/push");
  if (publicKey === null) return null;
  const words = t().notifications;
  const status = el("p", { "aria-live": "polite" });
  const section = el("section", {}, el("h2", {}, words.thisDevice), status);
  const workers = navigator.serviceWorker;
  if (!workers || !("PushManager" in window)) {
    status.textContent = words.cannotPush;
    return section;
  }
  const button = el("button", { type: "button" });
  section.append(button);
  const subscription = async () => (await workers.ready).pushManager.getSubscription();
  const draw = async (count: number) => {
    const on = (await subscription()) !== null;
    button.textContent = on ? words.turnOff : words.turnOn;
    status.textContent = `${on ? words.comeHere : words.notHere} ${plural(words.devices, count)}`;
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
        status.textContent = words.blocked;
        return;
      }
      const created = await (await workers.ready).pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: fromBase64Url(publicKey),
      });
      const { endpoint, keys } = created.toJSON();
      if (!endpoint || !keys?.p256dh || !keys.auth) throw new Error(words.noKeys);
      await draw(
        (await post("/api/notifications/push", { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } }))
          .devices,
      );
    })().catch((err: unknown) => {
      status.textContent = words.couldNotChange(err instanceof Error ? err.message : String(err));
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
  const words = t().notifications;
  const result = el("ul", { "aria-live": "polite" });
  const form = el(
    "form",
    { class: "toolbar" },
    el("button", { type: "submit" }, words.sendTest),
    formError(),
    result,
  );
  form.addEventListener(
    "submit",
    submitting(form, async () => {
      const sent = await post("/api/notifications/test", {});
      result.replaceChildren(
        ...sent.queued.map((q) => el("li", {}, words.onItsWay(words.channels[q.channel], q.to))),
        ...sent.skipped.map((s) => el("li", {}, `– ${words.channels[s.channel]}: ${s.reason}`)),
        ...(sent.queued.length + sent.skipped.length === 0 ? [el("li", {}, words.chooseFirst)] : []),
      );
    }),
  );
  return form;
}

async function siteSettings(): Promise<HTMLElement> {
  const site = await get("/api/notifications/site");
  const words = t().siteSettings;
  const yes = (set: boolean) => (set ? words.set : words.notSet);
  const { email, sms } = site;
  const rows: [string, string][] = [
    [words.links, site.publicUrl],
    [words.timeZone, site.timeZone],
    [words.ackLinks, words.ackHours(site.ackLinkHours)],
    [
      words.email,
      email
        ? words.emailValue(
            `${email.host}:${email.port} (${email.tls})`,
            email.from,
            email.user ?? words.none,
            yes(email.passwordSet),
          )
        : words.notSetUp,
    ],
    [
      words.sms,
      !sms
        ? words.notSetUp
        : sms.provider === "twilio"
          ? words.twilio(sms.accountSid, sms.from, yes(sms.authTokenSet))
          : words.http(sms.url, sms.headerNames.join(", ") || words.none),
    ],
    [words.webhook, yes(site.webhook.urlSet)],
    ...site.escalation.map((step, i): [string, string] => [
      words.step(i + 1, step.name),
      step.users
        ? step.users.join(", ")
        : Object.entries(step.rota ?? {})
            .map(([day, names]) => `${day} ${names.join(", ")}`)
            .join("; "),
    ]),
    [
      words.pending,
      Object.entries(site.pending)
        .map(([c, n]) => `${c} ${n}`)
        .join(", ") || words.nothing,
    ],
  ];
  return el("section", {}, el("h2", {}, words.title), el("p", {}, words.intro), table(words.columns, rows));
}
