// Puck.js / Pixl.js in a cool box: no TCP, so no MQTT. The board samples its own sensor, keeps the
// same flash-backed buffer and advertises its latest reading over BLE; a BLE->MQTT relay near the
// gateway (see firmware/README.md) fetches backlog batches over the BLE console with mgBatch(),
// publishes them in the wire protocol, and passes the gateway's ack and config back with mgAck()
// and mgConfig().
import { decodeConfig } from "../../shared/protocol/codec.js";
import type { ProbeFault } from "../../shared/protocol/types.js";
import { FAULT_CODES } from "./buffer.js";
import { config } from "./config.js";
import { onChipProbe } from "./onchip-probe.js";
import { readingsHead, writeReadings } from "./readings-message.js";
import { Sensor } from "./sensor.js";

// An enum, not a constants object: the build writes each value where it is used.
enum C {
  /** Espruino's Bluetooth SIG company id, so scanners can tell MilkGuard adverts by their first bytes. */
  MANUFACTURER = 0x0590,
  MAGIC = 0x4d,
}

function start(): void {
  const sensor = new Sensor(config(), onChipProbe, advertise);
  sensor.start();
  // Built by appending each reading to one string: no list of readings next to the message.
  global.mgBatch = (max: number) => {
    let text = "";
    writeReadings(readingsHead(sensor.buffer, sensor.clock), sensor.buffer, max, (piece: string) => {
      text += piece;
    });
    return text;
  };
  global.mgAck = (upTo: number) => sensor.buffer.ack(upTo);
  global.mgConfig = (json: string) => {
    const m = decodeConfig(json);
    if (!m.ok) return m.error.field;
    sensor.clock.sync(m.value.time);
    sensor.apply(m.value.interval, m.value.alarmHighC, m.value.alarmLowC);
    return "ok";
  };
  global.mg = { buffer: sensor.buffer, sensor };
}

/** magic, seq (u32 LE), temperature in 1/16 C (i16 LE), fault code, battery % */
function advertise(seq: number, c: number | null, fault: ProbeFault | null): void {
  const t16 = c === null ? 0 : Math.round(c * 16) & 0xffff;
  const data = [C.MAGIC, seq & 0xff, (seq >> 8) & 0xff, (seq >> 16) & 0xff, (seq >>> 24) & 0xff];
  data.push(t16 & 0xff, t16 >> 8, fault === null ? 0 : FAULT_CODES.indexOf(fault), E.getBattery());
  NRF.setAdvertising({}, { manufacturer: C.MANUFACTURER, manufacturerData: data });
}

start();
