// Readings waiting for the gateway's ack: a RAM window in typed-array columns (arrays of objects would
// exhaust an ESP8266), flushed to Storage as numbered segments on the flush interval or when full.
// A reading is forgotten only when acked. Segment file: boot (u32), then 12-byte records
// seq u32 | t u32 | temperature in 1/16 C i16 | fault code u8 | flags u8 (1 = t is uptime).
import { encodeReading } from "../../shared/protocol/codec.js";
import type { ProbeFault, WireReading } from "../../shared/protocol/types.js";

export const FAULT_CODES: (ProbeFault | "")[] = [
  "",
  "power_on_85",
  "disconnected",
  "crc",
  "no_probe",
  "out_of_range",
];
// An enum, not a constants object: the build writes each value where it is used, and a board keeps
// every object and top-level name in RAM (firmware/README.md, "Memory").
enum C {
  RECORD_BYTES = 12,
  HEADER_BYTES = 4,
}
enum File {
  META = "mg.meta",
  SEGMENT = "mg.s",
}

/**
 * Persisted: boot counter, next sequence, highest acked, segment numbers [head, tail), and readings
 * dropped because flash was full (reported to the gateway in every readings message). Its size does
 * not grow with the backlog: a segment's last sequence is read from the segment itself.
 */
interface Meta {
  boot: number;
  seq: number;
  acked: number;
  head: number;
  tail: number;
  drop: number;
}

/** Called with each buffered reading's wire text and sequence number, oldest first. */
export type ReadingVisitor = (text: string, seq: number) => void;

export class ReadingBuffer {
  meta: Meta;
  private _storage: EspruinoStorage;
  private _cap: number;
  private _maxSegments: number;
  private _seqs: Uint32Array;
  private _times: Uint32Array;
  private _temps: Int16Array;
  private _faults: Uint8Array;
  private _flags: Uint8Array;
  private _start: number;
  private _count: number;
  private _savedSeq: number;

  constructor(storage: EspruinoStorage, ramReadings: number, maxSegments: number) {
    this._storage = storage;
    this._cap = ramReadings;
    this._maxSegments = maxSegments;
    this._seqs = new Uint32Array(ramReadings);
    this._times = new Uint32Array(ramReadings);
    this._temps = new Int16Array(ramReadings);
    this._faults = new Uint8Array(ramReadings);
    this._flags = new Uint8Array(ramReadings);
    this._start = 0;
    this._count = 0;
    const saved = storage.readJSON(File.META, true) as Meta | undefined;
    const meta = saved || { boot: 0, seq: 0, acked: -1, head: 0, tail: 0, drop: 0 };
    this.meta = {
      boot: meta.boot + 1,
      seq: meta.seq,
      acked: meta.acked,
      head: meta.head,
      tail: meta.tail,
      drop: meta.drop || 0,
    };
    this._savedSeq = this.meta.seq;
    this._saveMeta();
  }

  /** Adds a sample; `t` is Unix seconds, or uptime when `unsynced`. Returns its sequence number. */
  push(t: number, unsynced: boolean, c: number | null, fault: ProbeFault | null): number {
    if (this._count === this._cap) this.flush();
    const k = (this._start + this._count) % this._cap;
    const seq = this.meta.seq++;
    this._seqs[k] = seq;
    this._times[k] = t;
    this._temps[k] = c === null ? 0 : Math.round(c * 16);
    this._faults[k] = fault === null ? 0 : FAULT_CODES.indexOf(fault);
    this._flags[k] = unsynced ? 1 : 0;
    this._count++;
    return seq;
  }

  /** Every reading up to `upTo` is stored at the gateway. */
  ack(upTo: number): void {
    const meta = this.meta;
    if (upTo <= meta.acked) return;
    if (upTo >= meta.seq) this._renumberAfter(upTo);
    meta.acked = upTo;
    while (this._count > 0 && (this._seqs[this._start] as number) <= upTo) {
      this._start = (this._start + 1) % this._cap;
      this._count--;
    }
    const head = meta.head;
    while (meta.head < meta.tail && this._segmentLast(meta.head) <= upTo) this._eraseOldest();
    if (meta.head !== head) this._saveMeta();
  }

  /**
   * Visits the oldest unacked readings, at most `max`, without building a list (a board with 1,600
   * variables has no room for one); returns the last sequence visited, or -1 when there was none.
   */
  each(max: number, visit: ReadingVisitor): number {
    const seen = { n: 0, last: -1 };
    for (let s = this.meta.head; s < this.meta.tail && seen.n < max; s++)
      this._eachInSegment(s, max, seen, visit);
    for (let i = 0; i < this._count && seen.n < max; i++) {
      const k = (this._start + i) % this._cap;
      const seq = this._seqs[k] as number;
      visit(
        text(
          seq,
          this._times[k] as number,
          this._temps[k] as number,
          this._faults[k] as number,
          this._flags[k] as number,
          this.meta.boot,
        ),
        seq,
      );
      seen.n++;
      seen.last = seq;
    }
    return seen.last;
  }

  /** Unacked RAM readings go to a new flash segment; the sequence counter is persisted too. */
  flush(): void {
    if (this._count > 0) this._writeSegment();
    else if (this._savedSeq === this.meta.seq) return;
    this._saveMeta();
  }

  /**
   * A flush tops up the newest segment while it has room (same boot, at most `ramReadings`
   * records), so a flush interval shorter than the time it takes to fill RAM does not spend a whole
   * segment on a few readings. When flash is full, the oldest segments make room for the newest
   * readings (counted in `drop`).
   */
  private _writeSegment(): void {
    const meta = this.meta;
    if (!this._topUp()) {
      const data = this._pack(true);
      let written = this._write(File.SEGMENT + meta.tail, data);
      while (!written && meta.head < meta.tail) {
        this._eraseOldest();
        written = this._write(File.SEGMENT + meta.tail, data);
      }
      if (written) meta.tail++;
      else meta.drop += this._count;
    }
    this._start = 0;
    this._count = 0;
    while (meta.tail - meta.head > this._maxSegments) this._eraseOldest();
  }

  private _topUp(): boolean {
    const name = File.SEGMENT + (this.meta.tail - 1);
    const prev = this.meta.tail > this.meta.head ? this._storage.read(name) : undefined;
    if (prev === undefined || (prev.length - C.HEADER_BYTES) / C.RECORD_BYTES + this._count > this._cap)
      return false;
    if (new DataView(E.toArrayBuffer(prev)).getUint32(0) !== this.meta.boot) return false;
    return this._write(name, prev + this._pack(false));
  }

  /** The RAM readings as segment records, after the segment header when `header`. */
  private _pack(header: boolean): string {
    const start = header ? C.HEADER_BYTES : 0;
    const bytes = new Uint8Array(start + this._count * C.RECORD_BYTES);
    const view = new DataView(bytes.buffer);
    if (header) view.setUint32(0, this.meta.boot);
    for (let i = 0; i < this._count; i++) {
      const k = (this._start + i) % this._cap;
      const at = start + i * C.RECORD_BYTES;
      view.setUint32(at, this._seqs[k] as number);
      view.setUint32(at + 4, this._times[k] as number);
      view.setInt16(at + 8, this._temps[k] as number);
      view.setUint8(at + 10, this._faults[k] as number);
      view.setUint8(at + 11, this._flags[k] as number);
    }
    return E.toString(bytes);
  }

  /** Storage.write gives false, or throws on some builds, when flash is full. */
  private _write(name: string, data: string): boolean {
    try {
      return this._storage.write(name, data) !== false;
    } catch (_e) {
      return false;
    }
  }

  private _segment(s: number): DataView | undefined {
    const data = this._storage.read(File.SEGMENT + s);
    return data === undefined ? undefined : new DataView(E.toArrayBuffer(data));
  }

  /** A segment's last sequence (records are in sequence order); -1 for a missing segment. */
  private _segmentLast(s: number): number {
    const view = this._segment(s);
    return view === undefined ? -1 : view.getUint32(view.byteLength - C.RECORD_BYTES);
  }

  private _eachInSegment(
    s: number,
    max: number,
    seen: { n: number; last: number },
    visit: ReadingVisitor,
  ): void {
    const view = this._segment(s);
    if (view === undefined) return;
    const boot = view.getUint32(0);
    for (let at: number = C.HEADER_BYTES; at < view.byteLength && seen.n < max; at += C.RECORD_BYTES) {
      const seq = view.getUint32(at);
      if (seq <= this.meta.acked) continue;
      const t = view.getUint32(at + 4);
      visit(text(seq, t, view.getInt16(at + 8), view.getUint8(at + 10), view.getUint8(at + 11), boot), seq);
      seen.n++;
      seen.last = seq;
    }
  }

  /** Erases the oldest segment; its readings the gateway has not stored are counted as dropped. */
  private _eraseOldest(): void {
    const meta = this.meta;
    const view = this._segment(meta.head);
    for (let at: number = C.HEADER_BYTES; view !== undefined && at < view.byteLength; at += C.RECORD_BYTES)
      if (view.getUint32(at) > meta.acked) meta.drop++;
    this._storage.erase(File.SEGMENT + meta.head);
    meta.head++;
  }

  /**
   * The gateway holds sequence numbers this boot also used: readings acked after the last flush
   * before a power cut. Renumber the RAM readings after them so none is taken for a duplicate.
   */
  private _renumberAfter(upTo: number): void {
    for (let i = 0; i < this._count; i++) this._seqs[(this._start + i) % this._cap] = upTo + 1 + i;
    this.meta.seq = upTo + 1 + this._count;
  }

  private _saveMeta(): void {
    this._storage.writeJSON(File.META, this.meta);
    this._savedSeq = this.meta.seq;
  }
}

function text(seq: number, t: number, temp16: number, fault: number, flags: number, boot: number): string {
  const r: WireReading = { s: seq, t, c: fault ? null : temp16 / 16 };
  if (fault) r.f = FAULT_CODES[fault] as ProbeFault;
  if (flags & 1) {
    r.u = 1;
    r.b = boot;
  }
  return encodeReading(r);
}
