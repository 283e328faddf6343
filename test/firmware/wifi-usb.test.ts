// `npm run wifi` against a sensor's console on a real serial port: a pseudo-terminal whose other end
// is the built firmware in the Espruino simulation (each line typed runs on the board; what the board
// prints comes back), as a USB cable to an ESP32 would carry it.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { join } from "node:path";
import { runInContext } from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import type { SimDevice } from "../../sim/espruino-sim.js";
import { device, setup, sim, useFirmwareSim } from "./sim-harness.js";

useFirmwareSim(["ESP32"]);

const ROOT = join(import.meta.dirname, "..", "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const HOME = { "Anna's home": "fridge & freezer" };

/** A pseudo-terminal pair: prints the port's path, then carries bytes between it and stdin/stdout. */
const PTY = `
import os, pty, select, tty
m, s = pty.openpty()
tty.setraw(s)
print(os.ttyname(s), flush=True)
while True:
    ready = select.select([m, 0], [], [])[0]
    if m in ready:
        os.write(1, os.read(m, 1024))
    if 0 in ready:
        data = os.read(0, 1024)
        if not data:
            break
        os.write(m, data)
`;

let cable: ChildProcess | undefined;
afterEach(() => {
  cable?.kill();
});

/** Ctrl-C (clears the console's line) and DLE (turns its echo off) before a line's code. */
function typedBefore(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 0x03 || line.charCodeAt(i) === 0x10) i++;
  return i;
}

/** The board's end of the cable: runs each line, lets a second of virtual time pass, sends back what it printed. */
async function plugIn(d: SimDevice): Promise<string> {
  const pty = spawn("python3", ["-c", PTY], { stdio: ["pipe", "pipe", "inherit"] });
  cable = pty;
  let typed = "";
  let path = "";
  return new Promise((resolve) => {
    pty.stdout.on("data", async (chunk: Buffer) => {
      if (!path) {
        path = chunk.toString().trim();
        resolve(path);
        return;
      }
      typed += chunk.toString("latin1");
      const lines = typed.split("\n");
      typed = lines.pop() ?? "";
      for (const line of lines) {
        const code = line.slice(typedBefore(line));
        const printed = d.logLines.length;
        runInContext(code, d.context() as object);
        await sim.clock.advance(1000);
        pty.stdin.write(
          d.logLines
            .slice(printed)
            .map((l) => `${l}\r\n`)
            .join(""),
        );
      }
    });
  });
}

function wifi(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(TSX, [join(ROOT, "scripts/wifi.ts"), ...args], { timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr }),
    ),
  );
}

describe("npm run wifi, over a serial port", () => {
  it("sets the donor's Wi-Fi on the sensor, which joins it and reaches the gateway", async () => {
    await setup();
    const d = device();
    d.world.wifi.networks = HOME;
    d.boot();
    const port = await plugIn(d);
    const ran = await wifi(["--port", port, "--ssid", "Anna's home", "--password", "fridge & freezer"]);
    expect(ran).toEqual({
      code: 0,
      stdout:
        "the sensor joined Anna's home and keeps it; it shows online in the dashboard within a minute\n",
      stderr: "",
    });
    expect(d.world.wifi.joined).toBe("Anna's home");
    await sim.clock.advance(2 * 60_000);
    expect(sim.gateway.readings("freezer-1").length).toBeGreaterThanOrEqual(1);
  });

  it("set away from the donor's home, says the sensor keeps the Wi-Fi to join where it is in reach", async () => {
    await setup();
    const d = device();
    d.world.wifi.networks = { "Milk bank": "pasteurised" };
    d.boot();
    const port = await plugIn(d);
    const ran = await wifi(["--port", port, "--ssid", "Anna's home", "--password", "fridge & freezer"]);
    expect(ran).toEqual({
      code: 0,
      stdout: "the sensor keeps Anna's home; it does not see it here, and joins it where it is in reach\n",
      stderr: "",
    });
    // at her home, after a power cut: joined without a computer
    d.powerOff();
    d.world.wifi.networks = HOME;
    d.boot();
    await sim.clock.advance(2 * 60_000);
    expect(d.world.wifi.joined).toBe("Anna's home");
    expect(sim.gateway.readings("freezer-1").length).toBeGreaterThanOrEqual(1);
  });

  it("says in one line that the password is wrong, and exits non-zero", async () => {
    await setup();
    const d = device();
    d.world.wifi.networks = HOME;
    d.boot();
    const port = await plugIn(d);
    const ran = await wifi(["--port", port, "--ssid", "Anna's home", "--password", "fridge and freezer"]);
    expect(ran.code).toBe(1);
    expect(ran.stderr.trim().split("\n")).toEqual([
      "the sensor could not join Anna's home: wrong_password; check the name and password",
    ]);
  });
});
