// The firmware build refuses an upload file Espruino could not run or that is too big for the board.
import { describe, expect, it } from "vitest";
import { deviceConfig, uploadProblems } from "../../scripts/build-firmware.js";
import { withConfig } from "../../sim/firmware.js";

describe("the firmware build's checks", () => {
  it("refuse constructs Espruino lacks in the upload file", () => {
    expect(uploadProblems("var m = new Map(); var [a] = m;", 10_000)).toEqual([
      "line 1: missing in Espruino: Map",
      "line 1: destructuring",
    ]);
  });

  it("refuse an upload file over the board's size budget", () => {
    expect(uploadProblems(`var s = "${"x".repeat(200)}";`, 100)).toEqual([
      "upload file 211 bytes is over the 100-byte budget",
    ]);
  });

  it("refuse a top-level name that would hide one of the board's globals (the code runs at global scope)", () => {
    expect(uploadProblems("function D2(){}var E=1,x=2;", 10_000, ["E", "D2", "D4"])).toEqual([
      "top-level name D2 hides the board's global D2",
      "top-level name E hides the board's global E",
    ]);
  });

  it("put the device's configuration on the first line, replacing an earlier one", () => {
    const cfg = deviceConfig(
      {
        deviceId: "freezer-9",
        fw: "t",
        intervalS: 60,
        flushIntervalS: 600,
        alarm: {},
        backoff: { minS: 1, maxS: 2 },
        mqtt: { host: "h", port: 1, username: "u", password: "p", prefix: "milkguard", keepAliveS: 60 },
      },
      "ESP8266",
    );
    const once = withConfig("run();\n", cfg);
    expect(once.split("\n")[0]).toBe(`var MG_CONFIG=${JSON.stringify(cfg)};`);
    expect(withConfig(once, { ...cfg, deviceId: "other" })).toContain('"deviceId":"other"');
    expect(withConfig(once, cfg)).toBe(once);
    expect(cfg).toMatchObject({ board: "ESP8266", ramReadings: 32, probe: { kind: "ds18b20", pin: "D2" } });
  });

  it("refuse a bad device id, a Wi-Fi board without MQTT settings or without a DS18B20", () => {
    const base = { fw: "t", intervalS: 60, flushIntervalS: 600, alarm: {}, backoff: { minS: 1, maxS: 2 } };
    expect(() => deviceConfig({ ...base, deviceId: "Freezer 1" }, "PUCKJS")).toThrow(/deviceId/);
    expect(() => deviceConfig({ ...base, deviceId: "freezer-1" }, "ESP32")).toThrow(/mqtt/);
    expect(() => deviceConfig({ ...base, deviceId: "freezer-1" }, "ARDUINO")).toThrow(/unknown board/);
    const mqtt = { host: "h", port: 1, username: "u", password: "p", prefix: "milkguard", keepAliveS: 60 };
    // the chip's own sensor is only in the Bluetooth build
    expect(() =>
      deviceConfig({ ...base, deviceId: "freezer-1", mqtt, probe: { kind: "onchip" } }, "ESP32"),
    ).toThrow(/probe.kind/);
  });
});
