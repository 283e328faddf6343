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
const RECORD_BYTES = 12;
const HEADER_BYTES = 4;
const META = "mg.meta";
const SEGMENT = "mg.s";

/** Persisted: boot counter, next sequence, highest acked, segment numbers [head, tail) and their last seq. */
interface Meta {
  boot: number;
  seq: number;
  acked: number;
  head: number;
  tail: number;
  last: number[];
}

export class ReadingBuffer {
  meta: Meta;
  /** oldest readings dropped because flash was full */
  dropped: number;
  private storage: EspruinoStorage;
  private cap: number;
  private maxSegments: number;
  private seqs: Uint32Array;
  private times: Uint32Array;
  private temps: Int16Array;
  private faults: Uint8Array;
  private flags: Uint8Array;
  private start: number;
  private count: number;
  private savedSeq: number;

  constructor(storage: EspruinoStorage, ramReadings: number, maxSegments: number) {
    this.storage = storage;
    this.cap = ramReadings;
    this.maxSegments = maxSegments;
    this.seqs = new Uint32Array(ramReadings);
    this.times = new Uint32Array(ramReadings);
    this.temps = new Int16Array(ramReadings);
    this.faults = new Uint8Array(ramReadings);
    this.flags = new Uint8Array(ramReadings);
    this.start = 0;
    this.count = 0;
    this.dropped = 0;
    const saved = storage.readJSON(META, true) as Meta | undefined;
    this.meta = saved || { boot: 0, seq: 0, acked: -1, head: 0, tail: 0, last: [] };
    this.meta.boot++;
    this.savedSeq = this.meta.seq;
    this.saveMeta();
  }

  /** Adds a sample; `t` is Unix seconds, or uptime when `unsynced`. Returns its sequence number. */
  push(t: number, unsynced: boolean, c: number | null, fault: ProbeFault | null): number {
    if (this.count === this.cap) this.flush();
    const k = (this.start + this.count) % this.cap;
    const seq = this.meta.seq++;
    this.seqs[k] = seq;
    this.times[k] = t;
    this.temps[k] = c === null ? 0 : Math.round(c * 16);
    this.faults[k] = fault === null ? 0 : FAULT_CODES.indexOf(fault);
    this.flags[k] = unsynced ? 1 : 0;
    this.count++;
    return seq;
  }

  /** Every reading up to `upTo` is stored at the gateway. */
  ack(upTo: number): void {
    const meta = this.meta;
    if (upTo <= meta.acked) return;
    if (upTo >= meta.seq) this.renumberAfter(upTo);
    meta.acked = upTo;
    while (this.count > 0 && (this.seqs[this.start] as number) <= upTo) {
      this.start = (this.start + 1) % this.cap;
      this.count--;
    }
    const head = meta.head;
    while (meta.head < meta.tail && (meta.last[0] as number) <= upTo) this.eraseOldest();
    if (meta.head !== head) this.saveMeta();
  }

  /** Oldest unacked readings, encoded, at most `max`; null when there are none. */
  batch(max: number): { texts: string[]; last: number } | null {
    const out = { texts: [] as string[], last: -1 };
    for (let s = this.meta.head; s < this.meta.tail && out.texts.length < max; s++)
      this.readSegment(s, out, max);
    for (let i = 0; i < this.count && out.texts.length < max; i++) {
      const k = (this.start + i) % this.cap;
      const seq = this.seqs[k] as number;
      const f = this.faults[k] as number;
      out.texts.push(
        text(
          seq,
          this.times[k] as number,
          this.temps[k] as number,
          f,
          this.flags[k] as number,
          this.meta.boot,
        ),
      );
      out.last = seq;
    }
    return out.texts.length ? out : null;
  }

  /** Unacked RAM readings go to a new flash segment; the sequence counter is persisted too. */
  flush(): void {
    const meta = this.meta;
    if (this.count > 0) {
      const bytes = new Uint8Array(HEADER_BYTES + this.count * RECORD_BYTES);
      const view = new DataView(bytes.buffer);
      view.setUint32(0, meta.boot);
      for (let i = 0; i < this.count; i++) {
        const k = (this.start + i) % this.cap;
        const at = HEADER_BYTES + i * RECORD_BYTES;
        view.setUint32(at, this.seqs[k] as number);
        view.setUint32(at + 4, this.times[k] as number);
        view.setInt16(at + 8, this.temps[k] as number);
        view.setUint8(at + 10, this.faults[k] as number);
        view.setUint8(at + 11, this.flags[k] as number);
      }
      this.storage.write(SEGMENT + meta.tail, E.toString(bytes));
      meta.last.push(this.seqs[(this.start + this.count - 1) % this.cap] as number);
      meta.tail++;
      this.start = 0;
      this.count = 0;
      while (meta.tail - meta.head > this.maxSegments) this.eraseOldest();
    } else if (this.savedSeq === meta.seq) return;
    this.saveMeta();
  }

  private readSegment(s: number, out: { texts: string[]; last: number }, max: number): void {
    const data = this.storage.read(SEGMENT + s);
    if (data === undefined) return;
    const view = new DataView(E.toArrayBuffer(data));
    const boot = view.getUint32(0);
    for (let at = HEADER_BYTES; at < data.length && out.texts.length < max; at += RECORD_BYTES) {
      const seq = view.getUint32(at);
      if (seq <= this.meta.acked) continue;
      const t = view.getUint32(at + 4);
      out.texts.push(
        text(seq, t, view.getInt16(at + 8), view.getUint8(at + 10), view.getUint8(at + 11), boot),
      );
      out.last = seq;
    }
  }

  private eraseOldest(): void {
    const meta = this.meta;
    const last = meta.last.shift() as number;
    this.storage.erase(SEGMENT + meta.head);
    meta.head++;
    if (last > meta.acked) this.dropped++;
  }

  /**
   * The gateway holds sequence numbers this boot also used: readings acked after the last flush
   * before a power cut. Renumber the RAM readings after them so none is taken for a duplicate.
   */
  private renumberAfter(upTo: number): void {
    for (let i = 0; i < this.count; i++) this.seqs[(this.start + i) % this.cap] = upTo + 1 + i;
    this.meta.seq = upTo + 1 + this.count;
  }

  private saveMeta(): void {
    this.storage.writeJSON(META, this.meta);
    this.savedSeq = this.meta.seq;
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
