// The chip's own thermometer, for the boards with no probe socket (Puck.js, Pixl.js): only their
// Bluetooth build has it, so it costs the Wi-Fi boards no variables.
import type { Probe } from "./sampler.js";
import type { ProbeResult } from "./scratchpad.js";

export const onChipProbe: Probe = {
  read(result: ProbeResult): void {
    const c = E.getTemperature();
    result(c - c === 0 ? c : null, c - c === 0 ? null : "no_probe");
  },
};
