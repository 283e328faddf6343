// A bag's storage log, the one a donor hands over with the milk: where it was, the air's min and max
// there, and the alerts that touched it.
import type { BatchHistory } from "../../shared/api/answers.js";
import type { ReadingsStore } from "../store/readings-store.js";
import type { Alert, Batch } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { minMax } from "./min-max.js";
import { type Stay, staysOf, wasIn } from "./stays.js";

function alertsOf(site: SiteStore, batch: Batch, stays: Stay[], nowMs: number): Alert[] {
  const own = site.alerts.list().filter((a) => a.batchId === batch.id);
  const excursions = [...new Set(stays.map((s) => s.unitId))].flatMap((unitId) =>
    site.alerts
      .list({ unitId })
      .filter(
        (a) =>
          a.kind === "temperature-excursion" && wasIn(stays, unitId, a.openedAtMs, a.clearedAtMs ?? nowMs),
      ),
  );
  return [...own, ...excursions].sort((a, b) => a.openedAtMs - b.openedAtMs);
}

export async function batchHistory(
  site: SiteStore,
  readings: ReadingsStore,
  batch: Batch,
  nowMs: number,
): Promise<BatchHistory> {
  const moves = site.batches.moves(batch.id);
  const stays = staysOf(batch, moves);
  const withAir = await Promise.all(
    stays.map(async (stay) => ({
      ...stay,
      unitName: site.units.get(stay.unitId)?.name ?? stay.unitId,
      ...(await minMax(readings, stay.unitId, stay.fromMs, stay.toMs ?? nowMs)),
    })),
  );
  return { batch, moves, stays: withAir, alerts: alertsOf(site, batch, stays, nowMs) };
}
