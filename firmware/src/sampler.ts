// Samples on the configured interval (the gateway may change it) and drops the first reading after
// boot: a DS18B20 still holds its power-on register then.
import type { ProbeFault } from "../../shared/protocol/types.js";
import type { ProbeResult } from "./ds18b20.js";

export interface Probe {
  read(result: ProbeResult): void;
}

export class Sampler {
  intervalS: number;
  private probe: Probe;
  private onSample: ProbeResult;
  private timer: number | undefined;
  private first: boolean;

  constructor(probe: Probe, intervalS: number, onSample: ProbeResult) {
    this.probe = probe;
    this.intervalS = intervalS;
    this.onSample = onSample;
    this.timer = undefined;
    this.first = true;
  }

  start(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = setInterval(() => this.sample(), this.intervalS * 1000);
    this.sample();
  }

  setIntervalS(intervalS: number): void {
    if (intervalS === this.intervalS) return;
    this.intervalS = intervalS;
    this.start();
  }

  private sample(): void {
    this.probe.read((c: number | null, fault: ProbeFault | null) => {
      if (this.first) {
        this.first = false;
        return;
      }
      this.onSample(c, fault);
    });
  }
}

/** The chip's own sensor (Puck.js, Pixl.js). */
export const onChipProbe: Probe = {
  read(result: ProbeResult): void {
    const c = E.getTemperature();
    result(c - c === 0 ? c : null, c - c === 0 ? null : "no_probe");
  },
};
