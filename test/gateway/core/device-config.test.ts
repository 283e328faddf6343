import { describe, expect, it } from "vitest";
import { deviceConfigText } from "../../../gateway/ingest/device-config.js";
import type { Device } from "../../../gateway/store/records.js";
import { getProfile } from "../../../shared/profiles/index.js";
import { decodeConfig } from "../../../shared/protocol/codec.js";

describe("the configuration a device receives", () => {
  it("sets the local alarm at the profile's critical limit (and a fridge's low limit), with the time", () => {
    const device = { id: "d1", unitId: "u1", intervalS: 60 } as Device;
    const freezer = decodeConfig(deviceConfigText(device, getProfile("donor-freezer"), 1_790_000_000_000));
    expect(freezer).toMatchObject({
      ok: true,
      value: { interval: 60, alarmHighC: -10, time: 1_790_000_000 },
    });
    const fridge = decodeConfig(deviceConfigText(device, getProfile("fridge"), 0));
    expect(fridge.ok && fridge.value.alarmLowC).toBe(1);
    expect(fridge.ok && fridge.value.alarmHighC).toBe(getProfile("fridge")?.criticalHighC.value);
  });
});
