// A DS18B20's 9-byte scratchpad to a temperature or a probe fault, pure (tested under Node). Facts:
// the first conversion after power-up reads 85 C; drivers report -127 C for a missing probe; a noisy
// bus shows as a CRC failure; a data line held low (shorted to ground) reads nine zero bytes, whose
// CRC is zero too, and one held high reads 0xFF throughout. Faults are never passed on as temperatures.
import { crc8 } from "../../shared/protocol/crc8.js";
import { probeFaultOf } from "../../shared/protocol/limits.js";
import type { ProbeFault } from "../../shared/protocol/types.js";

export type ProbeResult = (c: number | null, fault: ProbeFault | null) => void;

/** True when all 9 bytes are `b`: no DS18B20 answered, the line did (a real scratchpad has fixed 0xFF and 0x10 bytes and a config register with its low bits set). */
function all(pad: ArrayLike<number>, b: number): boolean {
  for (let i = 0; i < 9; i++) if (pad[i] !== b) return false;
  return true;
}

/** Temperature from a 9-byte scratchpad, or why there is none. */
export function decodeScratchpad(pad: ArrayLike<number>, result: ProbeResult): void {
  if (pad.length < 9) {
    result(null, "crc");
    return;
  }
  if (all(pad, 0) || all(pad, 0xff)) {
    result(null, "disconnected");
    return;
  }
  if (crc8(pad, 8) !== pad[8]) {
    result(null, "crc");
    return;
  }
  let raw = ((pad[1] as number) << 8) | (pad[0] as number);
  if (raw & 0x8000) raw -= 0x10000;
  const c = raw / 16;
  const fault = probeFaultOf(c);
  result(fault === null ? c : null, fault);
}
