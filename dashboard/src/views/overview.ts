// Every unit the user may see as a tile: name, profile, temperature and its age, status, battery,
// bags and their worst state. Readings arrive live; an alert or a bag event reloads that tile. A value
// older than three reading intervals, or any value while the live stream is down, is marked stale.
import { get } from "../api.js";
import { el, pageLink } from "../dom.js";
import { ago, PHASE, STATUS, temp } from "../format.js";
import type { Page } from "../page.js";
import type { UnitSummary } from "../types.js";
import { badge, empty } from "../ui.js";

const STALE_AFTER_INTERVALS = 3;
const DEFAULT_INTERVAL_S = 60;

export async function overview(root: HTMLElement, page: Page): Promise<void> {
  const [units, profiles] = await Promise.all([get("/api/units"), page.profiles()]);
  const intervalS = new Map(profiles.profiles.map((p) => [p.id, p.intervalS.value]));
  const byId = new Map(units.map((u) => [u.id, u]));
  // not a live region: a screen reader would read out every reading of every unit
  const grid = el("div", { class: "tiles" });
  const heading = page.user.role === "donor" ? "Your freezers" : "Units";
  root.append(el("h1", {}, heading), grid);
  if (units.length === 0) grid.append(empty("No unit to show yet."));

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
        latest ? temp(latest.tempC) : "no reading yet",
        latest?.fault ? ` (probe: ${latest.fault})` : "",
      ),
      el(
        "span",
        { class: "tile-age" },
        latest ? ago(latest.timeMs, now) : "",
        stale ? el("span", { class: "stale-mark" }, " · ◷ stale") : "",
      ),
      badge(STATUS[unit.status], unit.status),
      el(
        "span",
        { class: "tile-facts" },
        unit.batteryV === null ? "" : `battery ${unit.batteryV.toFixed(2)} V · `,
        `${unit.batches.count} bag${unit.batches.count === 1 ? "" : "s"}`,
        unit.openAlerts ? ` · ${unit.openAlerts} open alert${unit.openAlerts === 1 ? "" : "s"}` : "",
      ),
      unit.batches.worstPhase
        ? badge(PHASE[unit.batches.worstPhase], unit.batches.worstPhase, " (worst bag)")
        : null,
    );
    const old = grid.querySelector(`[data-unit-id="${CSS.escape(unit.id)}"]`);
    if (old) old.replaceWith(tile);
    else grid.append(tile);
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
