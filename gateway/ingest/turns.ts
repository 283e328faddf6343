// Device messages taken in turns of the event loop, a bounded amount of them each turn. In a
// reconnect storm ten thousand devices each send a backlog at once; taken as they arrived, one turn
// decoded, stored and judged all of them (a second and more), and a new device's CONNECT waited
// several such turns for its CONNACK (accept, login, CONNACK: a turn each) until it gave up and
// connected again. Now a turn takes about one store commit's worth, and the broker's own work
// (CONNECTs, PUBACKs) and HTTP run between turns. Messages are taken in arrival order.
import type { Clock } from "../clock.js";

export interface Arrival {
  topic: string;
  payload: Uint8Array;
  arrivalMs: number;
}

/**
 * Payload bytes a turn takes before it lets the event loop run: ~4,000 readings of ~32 bytes, about
 * one commit of the write window (ingest.ts). At least one message is taken each turn.
 */
export const TURN_BYTES = 128 * 1024;

export class ArrivalTurns {
  private waiting: (Arrival | undefined)[] = [];
  private next = 0;
  private scheduled = false;

  constructor(
    private readonly clock: Clock,
    private readonly take: (arrival: Arrival) => void,
  ) {}

  get size(): number {
    return this.waiting.length - this.next;
  }

  push(topic: string, payload: Uint8Array): void {
    this.waiting.push({ topic, payload, arrivalMs: this.clock.now() });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.turn());
    }
  }

  /** Takes everything waiting now (the gateway stopping, or a test that waits for ingest). */
  takeAll(): void {
    this.takeUpTo(Number.POSITIVE_INFINITY);
  }

  private turn(): void {
    this.scheduled = false;
    this.takeUpTo(TURN_BYTES);
    if (this.size > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.turn());
    }
  }

  private takeUpTo(bytes: number): void {
    let taken = 0;
    while (this.next < this.waiting.length && taken < bytes) {
      const arrival = this.waiting[this.next] as Arrival;
      // a taken message is not kept: a storm's queue can hold many megabytes
      this.waiting[this.next++] = undefined;
      taken += arrival.payload.byteLength;
      this.take(arrival);
    }
    if (this.next === this.waiting.length) {
      this.waiting = [];
      this.next = 0;
    } else if (this.next > 1024 && this.next * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.next);
      this.next = 0;
    }
  }
}
