// Every unit the user may see as a tile: name, profile, temperature and its age, status, battery,
// bags and their worst state. Readings arrive live; an alert or a bag event reloads that tile. A value
// older than three reading intervals, or any value while the live stream is down, is marked stale.
// Tiles go worst first (critical, warning, silent, ok); "Needs attention" hides the units that are OK.
import { get } from "../api.js";
import { el, field, keepFocus, pageLink } from "../dom.js";
import { ago, PHASE, STATUS, temp } from "../format.js";
import { plural, t } from "../i18n/reader.js";
import type { Page } from "../page.js";
import type { UnitStatus, UnitSummary } from "../types.js";
import { announcer, badge, empty } from "../ui.js";

const STALE_AFTER_INTERVALS = 3;
const DEFAULT_INTERVAL_S = 60;
/** the order tiles come in: what needs someone first */
const WORST_FIRST: Record<UnitStatus, number> = { critical: 0, warning: 1, silent: 2, ok: 3 };

function filterControl(onChange: (attentionOnly: boolean) => void): HTMLElement {
  const words = t().overview;
  const show = el(
    "select",
    { name: "show" },
    el("option", { value: "all" }, words.all),
    el("option", { value: "attention" }, words.needsAttention),
  );
  show.addEventListener("change", () => onChange(show.value === "attention"));
  return el("div", { class: "toolbar no-print" }, field(words.show, show));
}

export async function overview(root: HTMLElement, page: Page): Promise<void> {
  const [units, profiles] = await Promise.all([get("/api/units"), page.profiles()]);
  const intervalS = new Map(profiles.profiles.map((p) => [p.id, p.intervalS.value]));
  const byId = new Map(units.map((u) => [u.id, u]));
  // not a live region: a screen reader would read out every reading of every unit
  const grid = el("div", { class: "tiles" });
  const words = t().overview;
  const heading = page.user.role === "donor" ? words.yourFreezers : words.units;
  let attentionOnly = false;
  const allWell = el("p", { class: "empty", hidden: true }, words.allWell);
  const filter = filterControl((only) => {
    attentionOnly = only;
    arrange();
  });
  // a unit whose status changes is read out once, by name and status
  const news = announcer();
  const shown = new Map<string, UnitStatus>();
  root.append(el("h1", {}, heading), filter, allWell, grid, news.region);
  if (units.length === 0) grid.append(empty(words.noUnit));

  /** worst first, then by name; moves tiles only when the order changed */
  const arrange = () => {
    const sorted = [...byId.values()].sort(
      (a, b) => WORST_FIRST[a.status] - WORST_FIRST[b.status] || a.name.localeCompare(b.name),
    );
    const tiles = sorted.flatMap((unit) => {
      const tile = grid.querySelector<HTMLElement>(`[data-unit-id="${CSS.escape(unit.id)}"]`);
      if (tile) tile.hidden = attentionOnly && unit.status === "ok";
      return tile ? [tile] : [];
    });
    if (tiles.some((tile, i) => grid.children[i] !== tile)) grid.append(...tiles);
    allWell.hidden = !attentionOnly || tiles.some((tile) => !tile.hidden) || tiles.length === 0;
  };

  const staleAfterMs = (unit: UnitSummary) =>
    STALE_AFTER_INTERVALS * 1000 * (intervalS.get(unit.profileId) ?? DEFAULT_INTERVAL_S);
  const draw = (unit: UnitSummary) => {
    const now = Date.now();
    const latest = unit.latest;
    const stale = latest !== null && (page.live.state !== "live" || now - latest.timeMs > staleAfterMs(unit));
    const tile = pageLink(
      ["units", unit.id],
      { class: `tile status-${unit.status}${stale ? " stale" : ""}`, "data-unit-id": unit.id },
      el("span", { class: "tile-name" }, unit.name),
      el("span", { class: "tile-profile" }, unit.profile?.name ?? unit.profileId),
      el(
        "span",
        { class: latest ? "tile-temp" : "tile-temp none" },
        latest ? temp(latest.tempC) : words.noReading,
        latest?.fault ? words.probe(latest.fault) : "",
      ),
      el(
        "span",
        { class: "tile-age" },
        latest ? ago(latest.timeMs, now) : "",
        stale ? el("span", { class: "stale-mark" }, words.stale) : "",
      ),
      badge(STATUS[unit.status], unit.status),
      el(
        "span",
        { class: "tile-facts" },
        unit.batteryV === null ? "" : words.battery(unit.batteryV.toFixed(2)),
        plural(words.bags, unit.batches.count),
        unit.openAlerts ? plural(words.openAlerts, unit.openAlerts) : "",
      ),
      unit.batches.worstPhase
        ? badge(PHASE[unit.batches.worstPhase], unit.batches.worstPhase, words.worstBag)
        : null,
    );
    const before = shown.get(unit.id);
    if (before && before !== unit.status) news.say(`${unit.name}: ${STATUS[unit.status].text}`);
    shown.set(unit.id, unit.status);
    const refocus = keepFocus(grid, "data-unit-id");
    const old = grid.querySelector(`[data-unit-id="${CSS.escape(unit.id)}"]`);
    if (old) old.replaceWith(tile);
    else grid.append(tile);
    arrange();
    refocus();
  };
  for (const unit of units) draw(unit);

  const reload = async (unitId: string) => {
    const unit = await get("/api/units/:id", { id: unitId });
    byId.set(unit.id, unit);
    draw(unit);
  };
  const reloadAll = async () => {
    for (const unit of await get("/api/units")) {
      byId.set(unit.id, unit);
      draw(unit);
    }
  };
  const quietly = (work: Promise<void>) => void work.catch(() => {});

  page.onLeave(
    page.live.on("reading", (r) => {
      const unit = byId.get(r.unitId);
      if (!unit || (unit.latest && unit.latest.timeMs > r.timeMs)) return;
      // the live event carries no fault name: a reading without a temperature is a probe fault
      unit.latest = { timeMs: r.timeMs, tempC: r.tempC, fault: r.tempC === null ? "fault" : null };
      draw(unit);
    }),
  );
  page.onLeave(page.live.on("alert", (a) => quietly(reload(a.unitId))));
  page.onLeave(
    page.live.on("batch", (b) => {
      if (b.unitId && byId.has(b.unitId)) quietly(reload(b.unitId));
    }),
  );
  page.onLeave(
    page.live.onState(() => {
      for (const unit of byId.values()) draw(unit);
    }),
  );
  page.onLeave(page.live.onReconnect(() => quietly(reloadAll())));
  const ticker = setInterval(() => {
    for (const unit of byId.values()) draw(unit);
  }, 15_000);
  page.onLeave(() => clearInterval(ticker));
}
