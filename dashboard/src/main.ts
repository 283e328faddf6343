// The dashboard's shell: who is signed in, the navigation their role can use, the live-stream state,
// and the router that draws one view at a time into <main>.
import { get, post, whenSignedOut } from "./api.js";
import { el, pageLink } from "./dom.js";
import { currentReader, setReader, t } from "./i18n/reader.js";
import { cachedProfiles, type Page } from "./page.js";
import { currentPath, type Route, Router } from "./router.js";
import { Live, type LiveState } from "./sse.js";
import type { Me } from "./types.js";
import { adminHome, adminSection, mayAdminister } from "./views/admin.js";
import { alertBoard, alertDetail } from "./views/alerts.js";
import { bagList, bagRecord } from "./views/bags.js";
import { donationPicker, donationRecord } from "./views/donation.js";
import { labelSheet } from "./views/labels.js";
import { loginView } from "./views/login.js";
import { notificationsView } from "./views/notifications.js";
import { overview } from "./views/overview.js";
import { preferencesView } from "./views/preferences.js";
import { quarantineView } from "./views/quarantine.js";
import { auditTrail, dailyReport } from "./views/reports.js";
import { sensorWifiView } from "./views/sensor-wifi.js";
import { setupView } from "./views/setup.js";
import { tripList, tripView } from "./views/trips.js";
import { unitView } from "./views/unit.js";

const ROUTES: Record<string, { list: Route; one?: Route }> = {
  "": { list: { title: "Overview", view: overview } },
  units: { list: { title: "Overview", view: overview }, one: { title: "Unit", view: unitView } },
  alerts: { list: { title: "Alerts", view: alertBoard }, one: { title: "Alert", view: alertDetail } },
  bags: { list: { title: "Bags", view: bagList }, one: { title: "Storage record", view: bagRecord } },
  labels: { list: { title: "Bag labels", view: labelSheet }, one: { title: "Bag label", view: labelSheet } },
  trips: { list: { title: "Trips", view: tripList }, one: { title: "Trip", view: tripView } },
  donations: {
    list: { title: "Donation records", view: donationPicker },
    one: { title: "Donation record", view: donationRecord },
  },
  reports: { list: { title: "Daily min/max", view: dailyReport } },
  audit: { list: { title: "Audit trail", view: auditTrail } },
  quarantine: { list: { title: "Quarantine", view: quarantineView } },
  notifications: { list: { title: "Notifications", view: notificationsView } },
  preferences: { list: { title: "Language and units", view: preferencesView } },
  admin: { list: { title: "Admin", view: adminHome }, one: { title: "Admin", view: adminSection } },
  "sensor-wifi": { list: { title: "Connect my sensor to Wi-Fi", view: sensorWifiView } },
};

function resolve(path: string[]): { route: Route; params: string[] } {
  const [first = "", ...params] = path;
  const entry = ROUTES[first] ?? ROUTES[""];
  if (!entry) throw new Error("no overview route");
  return params.length && entry.one ? { route: entry.one, params } : { route: entry.list, params: [] };
}

const liveText = (state: LiveState): string => t().live[state];

function navigation(user: Me): HTMLElement {
  const words = t().nav;
  const links: [string, string][] = [
    ["", user.role === "donor" ? words.myFreezers : words.overview],
    ["alerts", words.alerts],
    ["bags", words.bags],
    ["donations", user.role === "donor" ? words.myDonation : words.donations],
    ["trips", words.trips],
    ["reports", words.reports],
  ];
  if (user.can.readAudit) links.push(["audit", words.audit]);
  if (user.can.readQuarantine) links.push(["quarantine", words.quarantine]);
  if (mayAdminister(user)) links.push(["admin", words.admin]);
  links.push(["notifications", words.notifications], ["preferences", words.preferences]);
  return el(
    "nav",
    { "aria-label": "Main" },
    el(
      "ul",
      {},
      ...links.map(([to, text]) =>
        el("li", {}, pageLink(to ? [to] : [], { "data-nav": to || "overview" }, text)),
      ),
    ),
  );
}

function markCurrent(nav: HTMLElement): void {
  const first = currentPath()[0] ?? "";
  for (const a of nav.querySelectorAll<HTMLAnchorElement>("a[data-nav]")) {
    const here = a.dataset.nav === (first === "" || first === "units" ? "overview" : first);
    if (here) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

function start(root: HTMLElement, user: Me): void {
  // her language, unit and the site's time zone, before anything is drawn
  setReader(user);
  document.documentElement.lang = currentReader().language;
  const live = new Live();
  const status = el(
    "span",
    { class: "live-state", role: "status", "data-state": live.state },
    liveText(live.state),
  );
  live.onState((state) => {
    status.dataset.state = state;
    status.textContent = liveText(state);
    document.body.classList.toggle("offline", state === "down");
  });
  const signOut = el("button", { type: "button", class: "link" }, t().nav.signOut);
  const nav = navigation(user);
  const main = el("main", { id: "main" });
  root.replaceChildren(
    el(
      "a",
      {
        class: "skip",
        href: "#main",
        onclick: (e: Event) => {
          e.preventDefault();
          main.focus();
        },
      },
      "Skip to content",
    ),
    el(
      "header",
      { class: "top no-print" },
      el("span", { class: "brand" }, "MilkGuard"),
      nav,
      status,
      el("span", { class: "who" }, `${user.displayName}`),
      signOut,
    ),
    main,
  );
  main.setAttribute("tabindex", "-1");

  const router = new Router(
    main,
    resolve,
    (params, onLeave): Page => ({
      user,
      live,
      params,
      onLeave,
      go: (to) => {
        location.hash = `#/${to}`;
      },
      profiles: cachedProfiles,
    }),
  );
  const render = () => {
    markCurrent(nav);
    void router.render();
  };
  window.addEventListener("hashchange", render);
  signOut.addEventListener("click", () => {
    void post("/api/logout")
      .catch(() => {})
      .finally(() => {
        live.stop();
        location.hash = "#/";
        location.reload();
      });
  });
  whenSignedOut(() => {
    live.stop();
    router.leave();
    window.removeEventListener("hashchange", render);
    showLogin(root);
  });
  live.start();
  render();
}

function showLogin(root: HTMLElement): void {
  loginView(root, (user) => start(root, user));
}

async function boot(): Promise<void> {
  const root = document.getElementById("app");
  if (!root) return;
  // the installable app's service worker shows push notices (src/sw.ts); without it the page still works
  navigator.serviceWorker
    ?.register("/sw.js")
    .catch((err: unknown) => console.warn("no service worker:", err));
  // the first start of a real site: the link the gateway printed (#/setup/<token>)
  const [first, token] = currentPath();
  if (first === "setup" && token) {
    setupView(root, token, () => {
      location.hash = "#/";
      showLogin(root);
    });
    return;
  }
  try {
    start(root, await get("/api/me"));
  } catch {
    showLogin(root);
  }
}

void boot();
