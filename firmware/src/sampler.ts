// Samples on the configured interval (the gateway may change it) and drops the first reading after
// boot: a DS18B20 still holds its power-on register then.
import type { ProbeFault } from "../../shared/protocol/types.js";
import type { ProbeResult } from "./scratchpad.js";

export interface Probe {
  read(result: ProbeResult): void;
}

export class Sampler {
  intervalS: number;
  private _probe: Probe;
  private _onSample: ProbeResult;
  private _timer: number | undefined;
  private _first: boolean;

  constructor(probe: Probe, intervalS: number, onSample: ProbeResult) {
    this._probe = probe;
    this.intervalS = intervalS;
    this._onSample = onSample;
    this._timer = undefined;
    this._first = true;
  }

  start(): void {
    if (this._timer !== undefined) clearInterval(this._timer);
    this._timer = setInterval(() => this._sample(), this.intervalS * 1000);
    this._sample();
  }

  setIntervalS(intervalS: number): void {
    if (intervalS === this.intervalS) return;
    this.intervalS = intervalS;
    this.start();
  }

  private _sample(): void {
    this._probe.read((c: number | null, fault: ProbeFault | null) => {
      if (this._first) {
        this._first = false;
        return;
      }
      this._onSample(c, fault);
    });
  }
}
