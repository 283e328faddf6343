// The Espruino API surface the firmware uses, with Espruino's semantics: string sockets (latin1),
// a Uint8Array written as its text, integer timer ids, clearTimeout(undefined) throwing and
// clearTimeout() clearing all, callback exceptions printed and the program going on.
import { createHash } from "node:crypto";
import { Socket } from "node:net";
import { crc8 } from "../shared/protocol/crc8.js";
import type { FlashStorage } from "./flash-storage.js";
import type { VirtualClock } from "./virtual-clock.js";

/**
 * What the test scripts: the probe's air temperature (C) at a virtual time, "unplugged", "noise"
 * (a disturbed bus: the scratchpad arrives with a bad CRC) or "shorted" (the data line held low:
 * what looks like a presence pulse, then eight zero bytes and a zero CRC, which passes the check).
 */
export type Trace = (virtualS: number) => number | "unplugged" | "noise" | "shorted";

export interface DeviceWorld {
  clock: VirtualClock;
  storage: FlashStorage;
  trace: Trace;
  /** pin name -> last level written */
  pins: Record<string, number>;
  adverts: number[][];
  sockets: Set<Socket>;
  /**
   * The Wi-Fi around the board: the networks in reach with their passwords (left out: any name and
   * password joins) and the one it last joined.
   */
  wifi: { networks?: Record<string, string>; joined?: string };
  /** host:port that refused the last connection: the next connect there throws at once, as on ESP32 */
  refused: Set<string>;
  log: (line: string) => void;
  /** the memory model behind process.memory(), and the board's variable count */
  memory: () => { usage: number; total: number };
  /** a message of this many characters is being written to a socket: the memory peak */
  sending: (chars: number) => void;
  /** this many characters are being hashed (a signed message's peak, sim/memory.ts) */
  hashing: (chars: number) => void;
}

function guarded(world: DeviceWorld, fn: (...a: unknown[]) => void) {
  return (...args: unknown[]) => {
    try {
      fn(...args);
    } catch (err) {
      world.log(`Uncaught ${(err as Error)?.message ?? String(err)}`);
    }
  };
}

function timers(world: DeviceWorld, owner: object) {
  const clear = (...args: unknown[]) => {
    if (args.length === 0) return world.clock.removeOwner(owner);
    if (typeof args[0] !== "number" || !world.clock.has(owner, args[0]))
      throw new Error("Invalid timeout ID");
    world.clock.remove(args[0]);
  };
  return {
    setTimeout: (fn: () => void, ms: number) => world.clock.add(owner, guarded(world, fn), ms, false),
    setInterval: (fn: () => void, ms: number) => world.clock.add(owner, guarded(world, fn), ms, true),
    clearTimeout: clear,
    clearInterval: clear,
  };
}

/**
 * On ESP32 and Linux builds a refused connection throws synchronously (an InternalError, not an
 * Error). Node only learns it later, so a target that refused last time throws at once, while a
 * quiet probe in the background finds out when it listens again.
 */
function throwIfRefused(world: DeviceWorld, host: string, port: number): void {
  const target = `${host}:${port}`;
  if (!world.refused.has(target)) return;
  const probe = new Socket();
  // counted as connecting, so virtual time waits for its answer instead of racing past it
  world.clock.connecting++;
  const done = () => {
    world.clock.connecting--;
    probe.destroy();
  };
  probe.on("error", done);
  probe.connect(port, host, () => {
    world.refused.delete(target);
    done();
  });
  throw { type: "InternalError", message: "Unable to connect" };
}

function espruinoSocket(world: DeviceWorld, host: string, port: number, onConnect: () => void) {
  throwIfRefused(world, host, port);
  const s = new Socket();
  const handlers: Record<string, ((arg?: unknown) => void)[]> = {};
  let open = true;
  let pending = true;
  let awaiting = 0;
  const replied = () => {
    world.clock.awaitingReplies -= awaiting;
    awaiting = 0;
  };
  const settled = () => {
    if (pending) world.clock.connecting--;
    pending = false;
  };
  const emit = (event: string, arg?: unknown) => {
    world.clock.activity++;
    for (const fn of handlers[event] ?? []) guarded(world, fn)(arg);
  };
  world.sockets.add(s);
  world.clock.connecting++;
  world.clock.open++;
  s.setEncoding("latin1");
  s.setNoDelay(true);
  s.connect(port, host, () => {
    settled();
    emit("connect");
    guarded(world, onConnect)();
  });
  s.on("data", (data: string) => {
    replied();
    emit("data", data);
  });
  s.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "ECONNREFUSED") world.refused.add(`${host}:${port}`);
  });
  s.on("close", () => {
    settled();
    replied();
    open = false;
    world.sockets.delete(s);
    world.clock.open--;
    emit("end");
    emit("close");
  });
  return {
    on(event: string, fn: (arg?: unknown) => void) {
      handlers[event] = [...(handlers[event] ?? []), fn];
    },
    write(data: unknown) {
      if (!open) throw new Error("Socket is closed");
      const text = typeof data === "string" ? data : String(data);
      world.sending(text.length);
      world.clock.activity++;
      if (expectsReply(text)) {
        awaiting++;
        world.clock.awaitingReplies++;
      }
      s.write(text, "latin1");
      return false;
    },
    end() {
      open = false;
      s.end();
    },
  };
}

/**
 * Not Espruino: lets virtual time wait for the broker's answer to an MQTT CONNECT, SUBSCRIBE,
 * PINGREQ or QoS 1 PUBLISH, so a message in flight on loopback is not overtaken by simulated hours.
 */
function expectsReply(packet: string): boolean {
  const type = packet.charCodeAt(0) >> 4;
  return type === 1 || type === 8 || type === 12 || (type === 3 && (packet.charCodeAt(0) & 0x06) !== 0);
}

/** A DS18B20 on the bus: its first conversion after power-up reads 85 C; unplugged: no presence. */
function oneWireClass(world: DeviceWorld) {
  let conversions = 0;
  return class OneWire {
    private last = 0;
    /** Unplugged, the probe loses power: plugged back, its first conversion reads 85 C again. */
    reset(): boolean {
      const present = world.trace(world.clock.nowMs / 1000) !== "unplugged";
      if (!present) conversions = 0;
      return present;
    }
    skip(): void {}
    write(data: number): void {
      this.last = data;
      if (data === 0x44) conversions++;
    }
    read(count: number): Uint8Array {
      const c = world.trace(world.clock.nowMs / 1000);
      if (c === "shorted") return new Uint8Array(count);
      if (c === "unplugged" || this.last !== 0xbe) return new Uint8Array(count).fill(255);
      const raw = Math.round((c === "noise" || conversions < 2 ? 85 : c) * 16) & 0xffff;
      const pad = [raw & 0xff, raw >> 8, 0x4b, 0x46, 0x7f, 0xff, 0x0c, 0x10];
      return Uint8Array.from([...pad, crc8(pad, pad.length) ^ (c === "noise" ? 0x5a : 0)].slice(0, count));
    }
  };
}

/** What the ESP8266's Wi-Fi answers: null when joined, else its reason. */
function joinWifi(world: DeviceWorld, ssid: string, password: string): string | null {
  const networks = world.wifi.networks;
  if (networks && networks[ssid] === undefined) return "no_ap_found";
  if (networks && networks[ssid] !== password) return "wrong_password";
  world.wifi.joined = ssid;
  return null;
}

/** Espruino's digitalWrite refuses anything that is not one of the board's pins. */
function digitalWrite(world: DeviceWorld, p: unknown, v: number | boolean): void {
  if (typeof p !== "object" || p === null || !("name" in p)) throw new Error("Invalid pin!");
  world.pins[(p as { name: string }).name] = Number(v);
}

/** `pins`: the names the board file defines as globals (LED1 only where the board has it). */
export function espruinoGlobals(world: DeviceWorld, owner: object, pins: string[]): Record<string, unknown> {
  const latin1 = (bytes: Uint8Array) =>
    Array.prototype.map.call(bytes, (b: number) => String.fromCharCode(b)).join("");
  return {
    ...timers(world, owner),
    getTime: () => world.clock.nowMs / 1000,
    process: {
      version: "2v29",
      memory: () => {
        const m = world.memory();
        return { usage: m.usage, total: m.total, free: m.total - m.usage };
      },
    },
    console: { log: (...a: unknown[]) => world.log(a.map(String).join(" ")) },
    require: (name: string) => {
      if (name === "Storage") return world.storage.api();
      if (name === "net") {
        return {
          connect: (o: { host: string; port: number }, cb: () => void) =>
            espruinoSocket(world, o.host, o.port, cb),
        };
      }
      if (name === "crypto") {
        return {
          SHA256: (message: string) => {
            world.hashing(message.length);
            const digest = createHash("sha256").update(message, "latin1").digest();
            return Uint8Array.from(digest).buffer;
          },
        };
      }
      if (name === "Wifi") {
        return {
          connect: (ssid: string, o: { password: string }, cb: (err: string | null) => void) =>
            world.clock.add(
              owner,
              guarded(world, () => cb(joinWifi(world, ssid, o.password))),
              100,
              false,
            ),
          on: () => {},
        };
      }
      throw new Error(`Module ${name} not found`);
    },
    OneWire: oneWireClass(world),
    E: {
      getTemperature: () => {
        const c = world.trace(world.clock.nowMs / 1000);
        return typeof c === "number" ? c : Number.NaN;
      },
      getBattery: () => 80,
      toString: (bytes: Uint8Array) => latin1(bytes),
      toArrayBuffer: (text: string) => Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff).buffer,
    },
    NRF: {
      setAdvertising: (_d: unknown, o: { manufacturerData: number[] }) =>
        world.adverts.push(o.manufacturerData),
    },
    digitalWrite: (p: unknown, v: number | boolean) => digitalWrite(world, p, v),
    analogRead: () => 0.5,
    ...Object.fromEntries(pins.map((name) => [name, { name }])),
  };
}
