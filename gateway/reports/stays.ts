// Where a bag has been: the periods it spent in each unit, from its recorded moves.
import type { Batch, BatchMove } from "../store/records.js";

export interface Stay {
  unitId: string;
  fromMs: number;
  /** null while the bag is still there */
  toMs: number | null;
}

export function staysOf(batch: Batch, moves: BatchMove[]): Stay[] {
  const ordered = [...moves].sort((a, b) => a.atMs - b.atMs);
  const first = ordered[0];
  // a bag registered without a recorded move has been in its unit since it was registered
  if (!first && batch.unitId !== null)
    return [{ unitId: batch.unitId, fromMs: batch.createdAtMs, toMs: null }];
  const stays: Stay[] = [];
  if (first?.fromUnitId)
    stays.push({ unitId: first.fromUnitId, fromMs: batch.createdAtMs, toMs: first.atMs });
  ordered.forEach((move, i) => {
    if (move.toUnitId === null) return;
    stays.push({ unitId: move.toUnitId, fromMs: move.atMs, toMs: ordered[i + 1]?.atMs ?? null });
  });
  return stays;
}

/** did the bag sit in `unitId` at some time in [fromMs, toMs]? */
export function wasIn(stays: Stay[], unitId: string, fromMs: number, toMs: number): boolean {
  return stays.some((s) => s.unitId === unitId && s.fromMs <= toMs && (s.toMs === null || s.toMs >= fromMs));
}
