// Per device: which sequence numbers are stored, and the highest one the device may forget
// (it and every sequence before it are stored). A device sends its oldest unacked reading first, so
// sequences below the first of a batch are ones the device no longer has (lost to a full buffer):
// the ack moves past them instead of waiting for them forever, and the gap is counted.
import { MAX_READINGS_PER_BATCH } from "../../shared/protocol/limits.js";

/**
 * A device sends oldest first and waits for each ack, so only a batch or two is ever stored above a
 * hole. Past this many the device is not going to fill the hole (it is broken or hostile): the ack
 * moves past it as a gap, which keeps the memory and the work of every message bounded.
 */
const MAX_STORED_ABOVE = 10 * MAX_READINGS_PER_BATCH;

export class DeviceSequences {
  private ackedUpTo: number;
  /** stored sequences above ackedUpTo (a later batch arrived before an earlier one) */
  private readonly above = new Set<number>();
  /** sequences on their way to the store */
  private readonly pending = new Set<number>();
  /** quarantined sequences no ack has named yet */
  private readonly refused = new Set<number>();

  constructor(ackedUpTo: number) {
    this.ackedUpTo = ackedUpTo;
  }

  get upTo(): number {
    return this.ackedUpTo;
  }

  /** stored, or being stored: a second copy is a duplicate */
  isKnown(seq: number): boolean {
    return seq <= this.ackedUpTo || this.above.has(seq) || this.pending.has(seq);
  }

  markPending(seqs: readonly number[]): void {
    for (const s of seqs) this.pending.add(s);
  }

  /** The store refused them: a resend must be taken again. */
  forgetPending(seqs: readonly number[]): void {
    for (const s of seqs) this.pending.delete(s);
  }

  /**
   * Records stored or quarantined sequences (`refusedSeqs` says which of `seqs` were quarantined);
   * returns how many sequences the device no longer had (the gap skipped).
   * The gap is counted by arithmetic over the few sequences stored above the ack, never one number at
   * a time: a device may jump to any sequence (up to MAX_SEQ) and this still takes no time.
   */
  markStored(seqs: readonly number[], firstOfBatch: number, refusedSeqs: readonly number[] = []): number {
    for (const s of refusedSeqs) this.refused.add(s);
    // the usual batch, the next sequences in line with nothing stored above the ack, moves the ack
    // without going through `above`: a set that grew to a hundred and shrank again for each batch was
    // ~4 % of the bytes a reconnect storm allocated
    if (firstOfBatch <= this.ackedUpTo + 1 && this.above.size === 0 && isRunFrom(seqs, this.ackedUpTo + 1)) {
      for (const s of seqs) this.pending.delete(s);
      this.ackedUpTo += seqs.length;
      return 0;
    }
    for (const s of seqs) {
      this.pending.delete(s);
      if (s > this.ackedUpTo) this.above.add(s);
    }
    const gap = this.skipTo(firstOfBatch);
    return this.above.size > MAX_STORED_ABOVE ? gap + this.skipTo(Math.min(...this.above)) : gap;
  }

  /** The quarantined sequences at or below upTo that no ack has named yet; each is handed out once. */
  takeRefused(upTo: number): number[] {
    const out: number[] = [];
    for (const s of this.refused) {
      if (s > upTo) continue;
      out.push(s);
      this.refused.delete(s);
    }
    return out;
  }

  /** Moves the ack to just before `first`, counting what was never stored, then over what follows. */
  private skipTo(first: number): number {
    let gap = 0;
    if (first > this.ackedUpTo + 1) {
      let storedBelowFirst = 0;
      for (const s of this.above) {
        if (s >= first) continue;
        storedBelowFirst++;
        this.above.delete(s);
      }
      gap = first - this.ackedUpTo - 1 - storedBelowFirst;
      this.ackedUpTo = first - 1;
    }
    while (this.above.has(this.ackedUpTo + 1)) {
      this.ackedUpTo += 1;
      this.above.delete(this.ackedUpTo);
    }
    return gap;
  }
}

/** true when `seqs` are first, first + 1, first + 2 … in that order */
function isRunFrom(seqs: readonly number[], first: number): boolean {
  for (let i = 0; i < seqs.length; i++) if (seqs[i] !== first + i) return false;
  return true;
}
