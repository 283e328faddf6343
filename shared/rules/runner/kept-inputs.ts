// The inputs a unit keeps since its base snapshot, for re-running its rules when a reading comes late
// (timeline.ts). A reading is kept in columns (time, temperature, battery, probe: 32 bytes), not as
// the two objects the rules take (~130 bytes): 10,000 units at a reading a minute keep up to 1.2
// million readings in their reorder window, and a reconnect storm's backlogs put as many there at
// once (~150 MiB of the gateway's heap; bench rules). A reading with a fault and a bag's move are
// kept as they came. Saved (JSON) in the same columns: a unit in a reconnect storm keeps ~120 readings,
// ~13 KB as the array of inputs (the format before) and ~3.9 KB in columns, and every changed unit
// is saved every few seconds (test: kept-inputs.test.ts).
import type { RuleInput } from "../types.js";

export type TimedInput = Exclude<RuleInput, { kind: "tick" }>;

/** the columns side by side (null where NaN, which JSON has not), and the inputs kept as they came */
export interface SavedInputs {
  columns: (number | null)[];
  probes: string[];
  asCame: [number, TimedInput][];
}

/** stands in for a missing temperature or battery voltage in a column */
const NONE = Number.NaN;
/** time, temperature, battery voltage and probe (its place in `probes`) of each input, side by side */
const COLUMNS = 4;
/** a unit that has kept nothing yet (most, in a gateway just started) holds no array of its own */
const EMPTY = new Float64Array(0);

export class KeptInputs {
  private columns = EMPTY;
  /**
   * the unit's probes, each once: a reading's probe id is a string of its own per message, and at a
   * reading a message each kept reading would keep one
   */
  private probes: string[] = [];
  /** inputs that are not a plain reading, by position */
  private asCame = new Map<number, TimedInput>();
  length = 0;

  static from(inputs: Iterable<TimedInput>): KeptInputs {
    const kept = new KeptInputs();
    for (const input of inputs) kept.push(input);
    return kept;
  }

  push(input: TimedInput): void {
    const i = this.next();
    const at = i * COLUMNS;
    if (input.kind === "reading" && input.reading.fault === undefined) {
      const { timeMs, tempC, batteryV, deviceId } = input.reading;
      this.columns[at] = timeMs;
      this.columns[at + 1] = tempC ?? NONE;
      this.columns[at + 2] = batteryV ?? NONE;
      this.columns[at + 3] = deviceId === undefined ? NONE : this.probeIndex(deviceId);
    } else {
      this.columns.set(
        [input.kind === "reading" ? input.reading.timeMs : input.timeMs, NONE, NONE, NONE],
        at,
      );
      this.asCame.set(i, input);
    }
  }

  timeAt(i: number): number {
    return this.columns[i * COLUMNS] as number;
  }

  at(i: number): TimedInput {
    const kept = this.asCame.get(i);
    if (kept) return kept;
    const tempC = this.columns[i * COLUMNS + 1] as number;
    const batteryV = this.columns[i * COLUMNS + 2] as number;
    const deviceId = this.probeAt(i);
    return {
      kind: "reading",
      reading: {
        timeMs: this.timeAt(i),
        ...(deviceId === undefined ? {} : { deviceId }),
        tempC: Number.isNaN(tempC) ? null : tempC,
        ...(Number.isNaN(batteryV) ? {} : { batteryV }),
      },
    };
  }

  /** true when a reading of this probe at this time is among the first `count` */
  hasReading(timeMs: number, deviceId: string | undefined, count: number): boolean {
    for (let i = 0; i < count; i++) {
      if (this.timeAt(i) !== timeMs) continue;
      const input = this.asCame.get(i);
      const probe = input ? (input.kind === "reading" ? input.reading.deviceId : null) : this.probeAt(i);
      if (probe === deviceId) return true;
    }
    return false;
  }

  /** a copy of the inputs from `start` to `end` (not included) */
  slice(start: number, end: number): KeptInputs {
    const copy = KeptInputs.withRoom(end - start);
    for (let i = start; i < end; i++) copy.pushFrom(this, i);
    return copy;
  }

  /** a copy of the first `count` with `input` placed after every one not later than it */
  withInserted(count: number, input: TimedInput): KeptInputs {
    const t = input.kind === "reading" ? input.reading.timeMs : input.timeMs;
    const copy = KeptInputs.withRoom(count + 1);
    let i = 0;
    for (; i < count && this.timeAt(i) <= t; i++) copy.pushFrom(this, i);
    copy.push(input);
    for (; i < count; i++) copy.pushFrom(this, i);
    return copy;
  }

  toJSON(): SavedInputs {
    // NaN stays NaN here: JSON writes it as null, the gap it stands for. A loop, as Array.from made
    // an iterator result per value (6.1 % of the bytes a reconnect storm allocated)
    const columns = new Array<number>(this.length * COLUMNS);
    for (let i = 0; i < columns.length; i++) columns[i] = this.columns[i] as number;
    return { columns, probes: this.probes, asCame: [...this.asCame] };
  }

  /** what toJSON gave, or the array of inputs saved before; undefined when it is neither */
  static fromSaved(saved: unknown): KeptInputs | undefined {
    if (Array.isArray(saved)) return KeptInputs.from(saved as TimedInput[]);
    if (!isSavedInputs(saved)) return undefined;
    const kept = new KeptInputs();
    kept.length = saved.columns.length / COLUMNS;
    kept.columns = Float64Array.from(saved.columns, (v) => v ?? NONE);
    kept.probes = saved.probes;
    kept.asCame = new Map(saved.asCame);
    return kept;
  }

  private pushFrom(other: KeptInputs, i: number): void {
    const kept = other.asCame.get(i);
    if (kept) {
      this.push(kept);
      return;
    }
    const j = this.next();
    // time, temperature and battery voltage as they are; the probe by its place in this copy's list
    for (let c = 0; c < COLUMNS - 1; c++)
      this.columns[j * COLUMNS + c] = other.columns[i * COLUMNS + c] as number;
    const deviceId = other.probeAt(i);
    this.columns[j * COLUMNS + 3] = deviceId === undefined ? NONE : this.probeIndex(deviceId);
  }

  private probeAt(i: number): string | undefined {
    const index = this.columns[i * COLUMNS + 3] as number;
    return Number.isNaN(index) ? undefined : this.probes[index];
  }

  private probeIndex(deviceId: string): number {
    const index = this.probes.indexOf(deviceId);
    return index >= 0 ? index : this.probes.push(deviceId) - 1;
  }

  /** empty, with room for `inputs` before its columns grow (a copy is made whole, not grown to) */
  private static withRoom(inputs: number): KeptInputs {
    const kept = new KeptInputs();
    if (inputs > 0) kept.columns = new Float64Array(inputs * COLUMNS);
    return kept;
  }

  /** the position of an input about to be added, with room for it */
  private next(): number {
    const i = this.length++;
    if (i * COLUMNS === this.columns.length) {
      const bigger = new Float64Array(Math.max(16, i * 2) * COLUMNS);
      bigger.set(this.columns);
      this.columns = bigger;
    }
    return i;
  }
}

function isSavedInputs(saved: unknown): saved is SavedInputs {
  const s = saved as Partial<SavedInputs> | null;
  if (typeof s !== "object" || s === null) return false;
  const { columns, probes, asCame } = s;
  if (!Array.isArray(columns) || !Array.isArray(probes) || !Array.isArray(asCame)) return false;
  const length = columns.length / COLUMNS;
  const isPosition = (i: unknown) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < length;
  // a time in every input; a temperature, a voltage or a probe (its place in `probes`) where there is one
  const isColumn = (v: unknown, i: number) =>
    i % COLUMNS === 0
      ? typeof v === "number"
      : v === null || (typeof v === "number" && (i % COLUMNS !== 3 || typeof probes[v] === "string"));
  return (
    Number.isInteger(length) &&
    columns.every(isColumn) &&
    asCame.every((entry) => Array.isArray(entry) && isPosition(entry[0]) && typeof entry[1] === "object")
  );
}
