// The DS18B20 scratchpad decoder: every way the probe or its wire fails is a probe fault, never a
// temperature (a fault read as 0.0 C or 85 C would raise, or hide, a freezer alarm).
import { describe, expect, it } from "vitest";
import { decodeScratchpad } from "../../firmware/src/scratchpad.js";
import { crc8 } from "../../shared/protocol/crc8.js";

/** A scratchpad as a DS18B20 sends it for `c`, with a correct CRC. */
function pad(c: number): number[] {
  const raw = Math.round(c * 16) & 0xffff;
  const bytes = [raw & 0xff, raw >> 8, 0x4b, 0x46, 0x7f, 0xff, 0x0c, 0x10];
  return [...bytes, crc8(bytes, 8)];
}

function decode(bytes: number[]): { c: number | null; fault: string | null } {
  let out = { c: null as number | null, fault: null as string | null };
  decodeScratchpad(bytes, (c, fault) => {
    out = { c, fault };
  });
  return out;
}

describe("DS18B20 scratchpad", () => {
  it.each([
    [
      "a data line shorted to ground: nine zero bytes (the CRC of zeros is zero)",
      new Array(9).fill(0),
      "disconnected",
    ],
    ["a data line stuck high: nine 0xFF bytes", new Array(9).fill(0xff), "disconnected"],
    ["the power-on register, 85 C", pad(85), "power_on_85"],
    ["the -127 C of a missing probe", pad(-127), "disconnected"],
    ["a CRC error", [...pad(-18).slice(0, 8), (pad(-18)[8] as number) ^ 0x5a], "crc"],
    ["a short read", pad(-18).slice(0, 5), "crc"],
  ])("%s is a probe fault", (_what, bytes, fault) => {
    expect(decode(bytes)).toEqual({ c: null, fault });
  });

  it("a good scratchpad is its temperature, below zero included", () => {
    expect(decode(pad(-18.0625))).toEqual({ c: -18.0625, fault: null });
    expect(decode(pad(0))).toEqual({ c: 0, fault: null });
  });
});
