// What Espruino 2v29 has beyond ES5, and nothing more (measured on the real interpreter: firmware/README.md).
// The firmware type-checks against lib ES5 plus this file, so a call Espruino lacks fails to compile.

/** A pin object (D4, LED1, ...); the firmware looks pins up by name in `global`. */
interface Pin {
  readonly __pin: true;
}

declare const global: { [name: string]: unknown };
declare const console: { log(...parts: unknown[]): void };

/** Seconds since the clock started (boot, on boards without a real-time clock), as a float. */
declare function getTime(): number;
declare function setTimeout(fn: () => void, ms: number): number;
declare function setInterval(fn: () => void, ms: number): number;
/** Throws for undefined; with no argument clears every timer. Never call it without an id. */
declare function clearTimeout(id: number): void;
declare function clearInterval(id: number): void;
declare function digitalWrite(pin: Pin, value: number | boolean): void;
/** 0..1 of the reference voltage */
declare function analogRead(pin: Pin): number;

declare class OneWire {
  constructor(pin: Pin);
  /** true when a device answered the reset pulse */
  reset(): boolean;
  skip(): void;
  write(data: number | number[], power?: boolean): void;
  read(count: number): Uint8Array;
}

interface EspruinoE {
  /** on-chip temperature, C (NaN on ESP8266, uncalibrated on ESP32) */
  getTemperature(): number;
  /** battery charge, percent (nRF52 boards) */
  getBattery(): number;
  /** bytes to a binary string */
  toString(bytes: Uint8Array): string;
  /** a binary string seen as bytes */
  toArrayBuffer(text: string): ArrayBuffer;
}
declare const E: EspruinoE;

declare const process: { memory(): { free: number; usage: number; total: number } };

interface EspruinoSocket {
  write(data: string): boolean;
  end(): void;
  on(event: "data", fn: (data: string) => void): void;
  on(event: "close" | "end" | "error", fn: (err?: unknown) => void): void;
}
interface EspruinoNet {
  /** throws synchronously on some boards when the connection is refused */
  connect(options: { host: string; port: number }, onConnect: () => void): EspruinoSocket;
}
interface EspruinoStorage {
  read(name: string): string | undefined;
  write(name: string, data: string): boolean;
  readJSON(name: string, noExceptions: boolean): unknown;
  writeJSON(name: string, data: unknown): boolean;
  erase(name: string): void;
  getFree(): number;
}
interface EspruinoWifi {
  connect(ssid: string, options: { password: string }, cb: (err: string | null) => void): void;
  on(event: "connected" | "disconnected", fn: () => void): void;
}
declare function require(name: "net"): EspruinoNet;
declare function require(name: "Storage"): EspruinoStorage;
declare function require(name: "Wifi"): EspruinoWifi;
declare function require(name: "crypto"): { SHA256(message: string): ArrayBuffer };

/** nRF52 boards (Puck.js, Pixl.js) */
declare const NRF: {
  setAdvertising(
    data: object,
    options: { manufacturer: number; manufacturerData: number[]; interval?: number },
  ): void;
};
