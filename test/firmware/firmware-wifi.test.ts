// A donor's home Wi-Fi set on the sensor after the milk bank flashed it: the line `npm run wifi` and
// the dashboard's "Connect my sensor to Wi-Fi" page type on the board's console, run by the built
// firmware in the Espruino simulation, against a real aedes broker.
import { runInContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { wifiCommand } from "../../firmware/wifi-console.js";
import type { SimDevice } from "../../sim/espruino-sim.js";
import { device, MIN, setup, sim, useFirmwareSim } from "./sim-harness.js";

useFirmwareSim(["ESP32", "ESP8266"]);

/** Anna's home: her network, and not the one the sensor was built with (example.json's "your-wifi"). */
const HOME = { 'Anna\'s home "5G"': "fridge & freezer" };
const [[SSID, PASSWORD]] = Object.entries(HOME) as [[string, string]];

/** What the board's console runs for a line typed on it (the leading DLE only turns off its echo). */
function typeOnConsole(d: SimDevice, line: string): void {
  expect(line.charCodeAt(0)).toBe(0x10);
  runInContext(line.slice(1), d.context() as object);
}

describe("Wi-Fi set on the sensor's console", () => {
  for (const board of ["ESP32", "ESP8266"]) {
    it(`${board}: joins the donor's network typed on its console, and again after a power cut`, async () => {
      await setup();
      const d = device({ board });
      d.world.wifi.networks = HOME;
      d.boot();
      await sim.clock.advance(2 * MIN);
      // the network it was built with is not in reach: nothing sent, the readings kept
      expect(d.logLines).toContain("Wi-Fi your-wifi failed: no_ap_found");
      expect(sim.gateway.readings("freezer-1")).toEqual([]);

      typeOnConsole(d, wifiCommand(SSID, PASSWORD));
      await sim.clock.advance(MIN);
      expect(d.logLines).toContain(`Wi-Fi ${SSID} connected`);
      expect(d.world.wifi.joined).toBe(SSID);
      const sent = sim.gateway.readings("freezer-1").length;
      expect(sent).toBeGreaterThanOrEqual(2);

      const builtInTries = () => d.logLines.filter((l) => l === "Wi-Fi your-wifi failed: no_ap_found").length;
      const triedBefore = builtInTries();
      // the next boot finds the network in the board's Storage, before the built-in one
      d.powerOff();
      d.world.wifi.joined = undefined;
      d.boot();
      await sim.clock.advance(2 * MIN);
      expect(d.world.wifi.joined).toBe(SSID);
      expect(builtInTries()).toBe(triedBefore);
      expect(sim.gateway.readings("freezer-1").length).toBeGreaterThan(sent);
    });
  }

  it("says a wrong password on the console, keeps trying, and joins once it is typed right", async () => {
    await setup();
    const d = device();
    d.world.wifi.networks = HOME;
    d.boot();
    typeOnConsole(d, wifiCommand(SSID, "fridge and freezer"));
    await sim.clock.advance(MIN);
    expect(d.logLines).toContain(`Wi-Fi ${SSID} failed: wrong_password`);
    expect(d.world.wifi.joined).toBeUndefined();

    typeOnConsole(d, wifiCommand(SSID, PASSWORD));
    await sim.clock.advance(2 * MIN);
    expect(d.world.wifi.joined).toBe(SSID);
    expect(sim.gateway.readings("freezer-1").length).toBeGreaterThanOrEqual(1);
    // one retry loop, not one per line typed: a failed attempt every 30 s at most before the join
    expect(d.logLines.filter((l) => l.includes("failed")).length).toBeLessThanOrEqual(4);
  });
});
