// A bag's thaw estimate stepped through the air readings of the units it stayed in (the thaw model,
// shared/thaw), moving forward only. Where the store keeps thaw checkpoints it starts from the
// nearest one instead of the day the bag went in, and saves one at every hour it steps across; the
// estimate is the same either way, since a checkpoint holds everything the model carries on from.
import type { BatchSpec, BatchThawState } from "../../shared/rules/types.js";
import { advanceThaw, initialThaw } from "../../shared/thaw/model.js";
import { nextTurn } from "../store/next-turn.js";
import type { ReadingsStore, StoredReading } from "../store/readings-store.js";
import { ceilTo, DAY_MS, HOUR_MS } from "../store/rollup-figures.js";
import type { ReplayWatch, ThawCheckpoint, ThawCheckpoints } from "../store/thaw-checkpoints.js";
import type { Stay } from "./stays.js";

/** checkpoints saved together: each save is a commit, and a commit waits for the disk */
const SAVE_EVERY = 24 * 30;

export class ThawReplay {
  private estimate: BatchThawState | undefined;
  private airC: number | undefined;
  /** every air reading before this has been read (the ones not yet stepped wait in `air`) */
  private readMs: number;
  private air: StoredReading[] = [];
  private next = 0;
  private airStay: Stay | undefined;
  private nextMarkMs: number;
  private unsaved: ThawCheckpoint[] = [];
  private readonly checkpoints: ThawCheckpoints | undefined;
  private readonly watch: ReplayWatch | undefined;

  constructor(
    private readonly readings: ReadingsStore,
    private readonly bag: BatchSpec,
    private readonly stays: Stay[],
  ) {
    this.readMs = stays[0]?.fromMs ?? Number.POSITIVE_INFINITY;
    this.nextMarkMs = ceilTo(this.readMs, HOUR_MS);
    this.checkpoints = readings.thawCheckpoints;
    this.checkpoints?.useStays(bag.id, stays);
    this.watch = this.checkpoints?.watch(stays.map((s) => s.unitId));
  }

  /** the estimate after the last air reading stepped through; undefined before the first */
  get now(): BatchThawState | undefined {
    return this.estimate;
  }

  /** where a replay to `untilMs` starts: the nearest checkpoint before it, or where it stands now */
  startMs(untilMs: number): number {
    return Math.max(this.readMs, this.checkpoints?.nearest(this.bag.id, untilMs)?.atMs ?? this.readMs);
  }

  /** Steps through every air reading before `untilMs`, reading the air an hour or a day per turn. */
  async advanceTo(untilMs: number): Promise<void> {
    this.skipToCheckpoint(untilMs);
    for (;;) {
      while (this.next < this.air.length && (this.air[this.next] as StoredReading).timeMs < untilMs) {
        this.step(this.air[this.next++] as StoredReading);
      }
      if (this.readMs >= untilMs) break;
      this.markUpTo(this.readMs);
      if (this.unsaved.length >= SAVE_EVERY) this.save();
      const stay = this.stays.find((s) => s.toMs === null || s.toMs > this.readMs);
      if (!stay) {
        this.readMs = untilMs;
        continue;
      }
      if (stay.fromMs > this.readMs) {
        this.readMs = Math.min(stay.fromMs, untilMs);
        continue;
      }
      // no further ahead than the hour after untilMs, so the next window can start from a checkpoint
      const toMs = Math.min(
        stay.toMs ?? Number.POSITIVE_INFINITY,
        this.readMs + DAY_MS,
        ceilTo(untilMs, HOUR_MS),
      );
      if (this.watch) this.watch.positionMs = Math.max(this.watch.positionMs, toMs);
      this.air = await this.readings.range({ unitId: stay.unitId, fromMs: this.readMs, toMs });
      this.next = 0;
      this.airStay = stay;
      this.readMs = toMs;
      await nextTurn();
    }
    this.markUpTo(untilMs);
  }

  /** saves what is left, and stops watching */
  close(): void {
    this.save();
    this.watch?.close();
  }

  private skipToCheckpoint(untilMs: number): void {
    const checkpoint = this.checkpoints?.nearest(this.bag.id, untilMs);
    if (!checkpoint || checkpoint.atMs <= this.readMs) return;
    this.save();
    // only the numbers the model carries on from (advanceThaw); the phase is the rules' business
    this.estimate = {
      ...initialThaw(checkpoint.milkTempC, checkpoint.lastMs),
      milkTempC: checkpoint.milkTempC,
      iceFraction: checkpoint.iceFraction,
    };
    this.airC = checkpoint.airC;
    this.readMs = checkpoint.atMs;
    this.air = [];
    this.next = 0;
    this.nextMarkMs = checkpoint.atMs + HOUR_MS;
  }

  private step(r: StoredReading): void {
    if (r.tempC === null) return;
    this.markUpTo(r.timeMs);
    if (!this.estimate) {
      // as the engine does: a bag starts at the air of the unit it is first put in
      this.estimate = initialThaw(r.tempC, this.airStay?.fromMs ?? r.timeMs);
      this.airC = r.tempC;
    }
    // the air of the interval being closed is the previous reading's (see advanceThaw)
    this.estimate = advanceThaw(this.estimate, this.bag, this.airC ?? r.tempC, r.timeMs);
    this.airC = r.tempC;
  }

  /** a checkpoint at each hour up to `atMs`, every reading before it stepped through */
  private markUpTo(atMs: number): void {
    const e = this.estimate;
    for (; this.nextMarkMs <= atMs; this.nextMarkMs += HOUR_MS) {
      // none past the last reading's hour: nothing is known there yet
      if (!e || this.airC === undefined || this.nextMarkMs > ceilTo(e.lastUpdateMs, HOUR_MS)) continue;
      this.unsaved.push({
        atMs: this.nextMarkMs,
        milkTempC: e.milkTempC,
        iceFraction: e.iceFraction,
        lastMs: e.lastUpdateMs,
        airC: this.airC,
      });
    }
  }

  /** nothing is saved by a replay that a late reading overtook: its estimate lacks that reading */
  private save(): void {
    if (this.checkpoints && this.watch && !this.watch.spoiled)
      this.checkpoints.save(this.bag.id, this.unsaved);
    this.unsaved = [];
  }
}
