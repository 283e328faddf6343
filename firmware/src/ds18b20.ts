// DS18B20 on 1-Wire, with a single probe on the bus (skip ROM). Written here rather than loading
// EspruinoDocs' module so the build needs no module look-up. Facts: a conversion takes up to 750 ms
// at 12 bits; no presence pulse means no probe; what the scratchpad says is decoded in scratchpad.ts.
import { decodeScratchpad, type ProbeResult } from "./scratchpad.js";

// An enum, not a constants object: the build writes each value where it is used, and a board keeps
// every object and top-level name in RAM (firmware/README.md, "Memory").
enum C {
  CONVERT_T = 0x44,
  READ_SCRATCHPAD = 0xbe,
  CONVERSION_MS = 750,
}

export class Ds18b20 {
  private _ow: OneWire;

  constructor(pin: Pin) {
    this._ow = new OneWire(pin);
  }

  read(result: ProbeResult): void {
    const ow = this._ow;
    if (!ow.reset()) {
      result(null, "no_probe");
      return;
    }
    ow.skip();
    ow.write(C.CONVERT_T, true);
    setTimeout(() => {
      if (!ow.reset()) {
        result(null, "disconnected");
        return;
      }
      ow.skip();
      ow.write(C.READ_SCRATCHPAD);
      decodeScratchpad(ow.read(9), result);
    }, C.CONVERSION_MS);
  }
}
