// What every board does with or without a network: sample, sound the local alarm, buffer in flash,
// and apply the gateway's settings (kept in flash, so they survive a power cut with no network).
import type { ProbeFault } from "../../shared/protocol/types.js";
import { Alarm } from "./alarm.js";
import { ReadingBuffer } from "./buffer.js";
import { Clock } from "./clock.js";
import type { FirmwareConfig } from "./config.js";
import { pinNamed } from "./pins.js";
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
    this.alarm = new Alarm(pinNamed(cfg.alarm.pin || "LED1"), this.settings.highC, this.settings.lowC);
    this.sampler = new Sampler(
      probe,
      this.settings.interval,
      (c: number | null, fault: ProbeFault | null) => {
        const now = this.clock.nowS();
        const seq = this.buffer.push(
          now === undefined ? this.clock.uptimeS() : now,
          now === undefined,
          c,
          fault,
        );
        this.alarm.check(c);
        sampled(seq, c, fault);
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
