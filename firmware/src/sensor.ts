// What every board does with or without a network: sample, sound the local alarm, buffer in flash,
// and apply the gateway's settings (kept in flash, so they survive a power cut with no network).
// Each step of a sample runs on its own: a failing alarm pin or radio never stops the reading being
// stored, and a failing store never stops the alarm.
import type { ProbeFault } from "../../shared/protocol/types.js";
import { Alarm } from "./alarm.js";
import { ReadingBuffer } from "./buffer.js";
import { Clock } from "./clock.js";
import type { FirmwareConfig } from "./config.js";
import { type Probe, Sampler } from "./sampler.js";
import { loadSettings, type Settings, saveSettings } from "./settings.js";

export class Sensor {
  clock: Clock;
  buffer: ReadingBuffer;
  alarm: Alarm;
  sampler: Sampler;
  settings: Settings;
  private _storage: EspruinoStorage;
  private _flushS: number;

  /** `sampled` runs after each reading is buffered, with its sequence number. */
  constructor(
    cfg: FirmwareConfig,
    probe: Probe,
    sampled: (seq: number, c: number | null, fault: ProbeFault | null) => void,
  ) {
    const storage = require("Storage");
    this._storage = storage;
    this._flushS = cfg.flushIntervalS;
    this.clock = new Clock();
    this.buffer = new ReadingBuffer(storage, cfg.ramReadings, cfg.flashSegments);
    this.settings = loadSettings(storage, {
      interval: cfg.intervalS,
      highC: cfg.alarm.highC,
      lowC: cfg.alarm.lowC,
    });
    this.alarm = new Alarm(cfg.alarm.pin, this.settings.highC, this.settings.lowC);
    this.sampler = new Sampler(
      probe,
      this.settings.interval,
      (c: number | null, fault: ProbeFault | null) => {
        let seq = -1;
        step("store", () => {
          const now = this.clock.nowS();
          seq = this.buffer.push(now === undefined ? this.clock.uptimeS() : now, now === undefined, c, fault);
        });
        step("alarm", () => this.alarm.check(c));
        step("send", () => sampled(seq, c, fault));
      },
    );
  }

  start(): void {
    this.sampler.start();
    setInterval(() => this.buffer.flush(), this._flushS * 1000);
  }

  /** The gateway's config: a limit it leaves out stays as it was. */
  apply(interval: number, highC: number | undefined, lowC: number | undefined): void {
    const next = { interval, highC: highC ?? this.settings.highC, lowC: lowC ?? this.settings.lowC };
    saveSettings(this._storage, next, this.settings);
    this.settings = next;
    this.sampler.setIntervalS(interval);
    this.alarm.highC = next.highC;
    this.alarm.lowC = next.lowC;
  }
}

/** Runs one step of a sample; a failure is logged with the step's name and the next step still runs. */
function step(name: string, run: () => void): void {
  try {
    run();
  } catch (e) {
    console.log(`MilkGuard: sample ${name} failed: ${e}`);
  }
}
