// The probe's check byte against published values, so the firmware and the simulation (which share
// this one copy) cannot agree on a wrong CRC and still pass.
import { describe, expect, it } from "vitest";
import { crc8 } from "../../shared/protocol/crc8.js";

describe("the DS18B20's CRC-8", () => {
  it("is Maxim's worked example: ROM 02 1C B8 01 00 00 00 has CRC A2 (application note 27)", () => {
    expect(crc8([0x02, 0x1c, 0xb8, 0x01, 0x00, 0x00, 0x00], 7)).toBe(0xa2);
  });

  it("matches a DS18B20's power-on scratchpad, 85 C: 50 05 4B 46 7F FF 0C 10 with CRC 1C", () => {
    expect(crc8([0x50, 0x05, 0x4b, 0x46, 0x7f, 0xff, 0x0c, 0x10, 0x1c], 8)).toBe(0x1c);
  });

  it("over the whole scratchpad, its CRC byte included, is zero when it arrived intact", () => {
    expect(crc8([0x50, 0x05, 0x4b, 0x46, 0x7f, 0xff, 0x0c, 0x10, 0x1c], 9)).toBe(0);
    expect(crc8([0x50, 0x05, 0x4b, 0x46, 0x7f, 0xff, 0x0c, 0x11, 0x1c], 9)).not.toBe(0);
  });
});
