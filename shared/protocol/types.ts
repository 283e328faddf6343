// ESPRUINO-SAFE: the firmware imports this file. Keep to the Espruino subset (no destructuring,
// spread, default parameters, for...of, async, generators, Map/Set/Symbol, **, ?. or regex features
// Espruino lacks) and to ASCII. test/shared/espruino-safe.test.ts parses the compiled output.

/** Version of the wire protocol; every payload carries it as `v`. */
export const PROTOCOL_VERSION = 1;

/**
 * Why a sample carries no temperature. DS18B20: 85 C is its power-on register value, -127 C or no
 * answer means the probe is missing, a CRC failure means a noisy bus.
 */
export type ProbeFault = "power_on_85" | "disconnected" | "crc" | "no_probe" | "out_of_range";

/**
 * One sample as it travels. `t` is the event time in whole seconds: Unix time when `u` is absent,
 * or seconds since the boot numbered `b` when the device clock was not yet synced (`u: 1`); the
 * gateway places those with the offset the batch reports (`boot`, `up`).
 */
export interface WireReading {
  /** per-device sequence number, monotonic across reboots */
  s: number;
  /** event time, seconds (see above) */
  t: number;
  /** air temperature in degrees C, or null when `f` says why not */
  c: number | null;
  /** probe fault, when the sample has no trustworthy temperature */
  f?: ProbeFault;
  /** 1 when `t` counts seconds since boot `b` rather than Unix time */
  u?: 1;
  /** boot number the uptime in `t` belongs to (only with `u`) */
  b?: number;
}

/** Device -> gateway, topic `<prefix>/<deviceId>/readings`, QoS 1, not retained. */
export interface ReadingsMessage {
  v: number;
  /** boot number of the device now (increments on every boot, persisted) */
  boot: number;
  /** seconds since this boot at the moment of sending */
  up: number;
  /** device clock at sending, Unix seconds, when synced */
  now?: number;
  /** readings, oldest first, at most MAX_READINGS_PER_BATCH */
  r: WireReading[];
  /** battery voltage, when the board can measure it */
  bat?: number;
  /** Wi-Fi or BLE signal strength, dBm */
  rssi?: number;
  /** readings the device dropped, oldest first, because its flash was full: a running total since it was first flashed */
  drop?: number;
  /** HMAC-SHA256 (hex) of the payload without this field, for chips that cannot do TLS */
  mac?: string;
}

/** Device -> gateway, topic `<prefix>/<deviceId>/status`, retained: birth message and last will. */
export interface StatusMessage {
  v: number;
  state: "online" | "offline";
  /** firmware version string */
  fw?: string;
  /** board name, e.g. ESP32, ESP8266, PUCKJS */
  board?: string;
  boot?: number;
  /** sampling interval the device is using, seconds */
  interval?: number;
}

/**
 * Gateway -> device, topic `<prefix>/<deviceId>/ack`, QoS 1: every sequence up to and including `upTo`
 * is durably stored or durably quarantined (refused, kept with its reason); the device may forget them.
 */
export interface AckMessage {
  v: number;
  /** highest sequence number such that it and all before it are stored or quarantined */
  upTo: number;
  /**
   * the sequences this ack newly covers that were refused (quarantined, not stored), as ascending,
   * disjoint [from, to] ranges, at most MAX_ACK_REFUSED_RANGES; absent when none was refused
   */
  refused?: [number, number][];
}

/** Gateway -> device, topic `<prefix>/<deviceId>/config`, retained. */
export interface DeviceConfigMessage {
  v: number;
  /** sampling interval, seconds */
  interval: number;
  /** local alarm: signal on the LED/buzzer above this air temperature (C) */
  alarmHighC?: number;
  /** local alarm: below this air temperature (C) */
  alarmLowC?: number;
  /** gateway time, Unix seconds, for the device clock */
  time: number;
}
