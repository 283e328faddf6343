// Per device: which sequence numbers are stored, and the highest one the device may forget
// (it and every sequence before it are stored). A device sends its oldest unacked reading first, so
// sequences below the first of a batch are ones the device no longer has (lost to a full buffer):
// the ack moves past them instead of waiting for them forever, and the gap is counted.

export class DeviceSequences {
  private ackedUpTo: number;
  /** stored sequences above ackedUpTo (a later batch arrived before an earlier one) */
  private readonly above = new Set<number>();
  /** sequences on their way to the store */
  private readonly pending = new Set<number>();

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

  markPending(seqs: number[]): void {
    for (const s of seqs) this.pending.add(s);
  }

  /** The store refused them: a resend must be taken again. */
  forgetPending(seqs: number[]): void {
    for (const s of seqs) this.pending.delete(s);
  }

  /**
   * Records stored sequences; returns how many sequences the device no longer had (the gap skipped).
   * The gap is counted by arithmetic over the few sequences stored above the ack, never one number at
   * a time: a device may jump to any sequence (up to MAX_SEQ) and this still takes no time.
   */
  markStored(seqs: number[], firstOfBatch: number): number {
    for (const s of seqs) {
      this.pending.delete(s);
      if (s > this.ackedUpTo) this.above.add(s);
    }
    let gap = 0;
    if (firstOfBatch > this.ackedUpTo + 1) {
      let storedBelowFirst = 0;
      for (const s of this.above) {
        if (s >= firstOfBatch) continue;
        storedBelowFirst++;
        this.above.delete(s);
      }
      gap = firstOfBatch - this.ackedUpTo - 1 - storedBelowFirst;
      this.ackedUpTo = firstOfBatch - 1;
    }
    while (this.above.has(this.ackedUpTo + 1)) {
      this.ackedUpTo += 1;
      this.above.delete(this.ackedUpTo);
    }
    return gap;
  }
}
