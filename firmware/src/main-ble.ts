// Puck.js / Pixl.js in a cool box: no TCP, so no MQTT. The board samples its own sensor, keeps the
// same flash-backed buffer and advertises its latest reading over BLE; a BLE->MQTT relay near the
// gateway (see firmware/README.md) fetches backlog batches over the BLE console with mgBatch(),
// publishes them in the wire protocol, and passes the gateway's ack and config back with mgAck()
// and mgConfig().
import { decodeConfig, encodeReadingsText } from "../../shared/protocol/codec.js";
import { PROTOCOL_VERSION, type ProbeFault } from "../../shared/protocol/types.js";
import { Alarm } from "./alarm.js";
import { FAULT_CODES, ReadingBuffer } from "./buffer.js";
import { Clock } from "./clock.js";
import { config } from "./config.js";
import { pinNamed } from "./pins.js";
import { onChipProbe, Sampler } from "./sampler.js";
import { loadSettings, saveSettings } from "./settings.js";

/** Espruino's Bluetooth SIG company id, so scanners can tell MilkGuard adverts by their first bytes. */
const C = { MANUFACTURER: 0x0590, MAGIC: 0x4d };

function start(): void {
  const cfg = config();
  const clock = new Clock();
  const storage = require("Storage");
  const buffer = new ReadingBuffer(storage, cfg.ramReadings, cfg.flashSegments);
  let settings = loadSettings(storage, {
    interval: cfg.intervalS,
    highC: cfg.alarm.highC,
    lowC: cfg.alarm.lowC,
  });
  const alarm = new Alarm(pinNamed(cfg.alarm.pin || "LED1"), settings.highC, settings.lowC);
  const sampler = new Sampler(
    onChipProbe,
    settings.interval,
    (c: number | null, fault: ProbeFault | null) => {
      const now = clock.nowS();
      const seq = buffer.push(now === undefined ? clock.uptimeS() : now, now === undefined, c, fault);
      alarm.check(c);
      advertise(seq, c, fault);
    },
  );
  sampler.start();
  setInterval(() => buffer.flush(), cfg.flushIntervalS * 1000);
  global.mgBatch = (max: number) => {
    const batch = buffer.batch(max);
    const head = { v: PROTOCOL_VERSION, boot: buffer.meta.boot, up: clock.uptimeS(), now: clock.nowS() };
    return encodeReadingsText(head, batch === null ? [] : batch.texts);
  };
  global.mgAck = (upTo: number) => buffer.ack(upTo);
  global.mgConfig = (json: string) => {
    const m = decodeConfig(json);
    if (!m.ok) return m.error.field;
    clock.sync(m.value.time);
    const next = {
      interval: m.value.interval,
      highC: m.value.alarmHighC ?? settings.highC,
      lowC: m.value.alarmLowC ?? settings.lowC,
    };
    saveSettings(storage, next, settings);
    settings = next;
    sampler.setIntervalS(next.interval);
    alarm.highC = next.highC;
    alarm.lowC = next.lowC;
    return "ok";
  };
  global.mg = { buffer, sampler, alarm, clock };
}

/** magic, seq (u32 LE), temperature in 1/16 C (i16 LE), fault code, battery % */
function advertise(seq: number, c: number | null, fault: ProbeFault | null): void {
  const t16 = c === null ? 0 : Math.round(c * 16) & 0xffff;
  const data = [C.MAGIC, seq & 0xff, (seq >> 8) & 0xff, (seq >> 16) & 0xff, (seq >>> 24) & 0xff];
  data.push(t16 & 0xff, t16 >> 8, fault === null ? 0 : FAULT_CODES.indexOf(fault), E.getBattery());
  NRF.setAdvertising({}, { manufacturer: C.MANUFACTURER, manufacturerData: data });
}

start();
