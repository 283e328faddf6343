// The wire codec: every bad payload is refused with the field and the reason, never a throw; probe
// sentinels become probe faults, not temperatures, and the rest of the batch is kept.
import { describe, expect, it } from "vitest";
import {
  decodeAck,
  decodeConfig,
  decodeReadings,
  decodeStatus,
  encodeAck,
  encodeConfig,
  encodeReadings,
  encodeStatus,
} from "../../shared/protocol/codec.js";
import { MAX_PAYLOAD_BYTES, MAX_READINGS_PER_BATCH, MAX_SEQ } from "../../shared/protocol/limits.js";
import { isValidDeviceId, parseTopic, topicFor } from "../../shared/protocol/topics.js";
import type { ReadingsMessage } from "../../shared/protocol/types.js";

const good: ReadingsMessage = {
  v: 1,
  boot: 3,
  up: 600,
  now: 1_790_000_000,
  r: [
    { s: 41, t: 1_789_999_880, c: -18.0625 },
    { s: 42, t: 1_789_999_940, c: -17.5 },
  ],
  bat: 3.7,
};

function batch(readings: string): string {
  return `{"v":1,"boot":3,"up":600,"r":[${readings}]}`;
}

function manyReadings(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(`{"s":${i},"t":${1000 + i},"c":-18}`);
  return batch(parts.join(","));
}

describe("decodeReadings", () => {
  it("round-trips a valid batch", () => {
    const text = encodeReadings(good);
    expect(decodeReadings(text)).toEqual({ ok: true, value: good });
    expect(decodeReadings(new TextEncoder().encode(text))).toEqual({ ok: true, value: good });
  });

  const bad: [string, string | Uint8Array, string, string][] = [
    ["malformed JSON", '{"v":1,"boot":', "payload", "malformed_json"],
    ["not an object", "[1,2]", "payload", "not_an_object"],
    ["missing version", '{"boot":1,"up":1,"r":[]}', "v", "missing"],
    ["wrong version", '{"v":2,"boot":1,"up":1,"r":[]}', "v", "unsupported_version"],
    ["version as text", '{"v":"1","boot":1,"up":1,"r":[]}', "v", "unsupported_version"],
    ["missing boot", '{"v":1,"up":1,"r":[]}', "boot", "missing"],
    ["negative up", '{"v":1,"boot":1,"up":-5,"r":[]}', "up", "negative"],
    ["missing readings", '{"v":1,"boot":1,"up":1}', "r", "missing"],
    ["readings not an array", '{"v":1,"boot":1,"up":1,"r":{}}', "r", "not_an_array"],
    ["NaN via text", batch('{"s":1,"t":1,"c":NaN}'), "payload", "malformed_json"],
    ["Infinity via text", batch('{"s":1,"t":1,"c":Infinity}'), "payload", "malformed_json"],
    ["huge number is infinite", batch('{"s":1,"t":1,"c":1e999}'), "r[0].c", "not_finite"],
    ["temperature as text", batch('{"s":1,"t":1,"c":"-18"}'), "r[0].c", "not_a_number"],
    ["missing seq", batch('{"t":1,"c":-18}'), "r[0].s", "missing"],
    ["fractional seq", batch('{"s":1.5,"t":1,"c":-18}'), "r[0].s", "not_an_integer"],
    ["negative seq", batch('{"s":-1,"t":1,"c":-18}'), "r[0].s", "negative"],
    [
      "seq past 2^53 - 1 (no store keeps it)",
      batch('{"s":9007199254740992,"t":1,"c":-18}'),
      "r[0].s",
      "too_large",
    ],
    ["duplicate seq", batch('{"s":7,"t":1,"c":-18},{"s":7,"t":2,"c":-18}'), "r[1].s", "duplicate"],
    ["missing time", batch('{"s":1,"c":-18}'), "r[0].t", "missing"],
    ["reading not an object", batch("5"), "r[0]", "not_an_object"],
    ["null temperature without fault", batch('{"s":1,"t":1,"c":null}'), "r[0].f", "missing"],
    ["unknown fault", batch('{"s":1,"t":1,"c":null,"f":"melted"}'), "r[0].f", "unknown_fault"],
    ["uptime flag not 1", batch('{"s":1,"t":1,"c":-18,"u":2,"b":1}'), "r[0].u", "not_1"],
    ["uptime without boot", batch('{"s":1,"t":1,"c":-18,"u":1}'), "r[0].b", "missing"],
    ["mac of wrong length", '{"v":1,"boot":1,"up":1,"r":[],"mac":"abc"}', "mac", "wrong_length"],
    ["battery as text", '{"v":1,"boot":1,"up":1,"r":[],"bat":"3.7"}', "bat", "not_a_number"],
    ["too many readings", manyReadings(MAX_READINGS_PER_BATCH + 1), "r", "too_many"],
    ["huge payload", batch(" ".repeat(MAX_PAYLOAD_BYTES)), "payload", "too_large"],
    ["non-ASCII", batch('{"s":1,"t":1,"c":-18,"x":"\u00b0"}'), "payload", "not_ascii"],
    ["non-ASCII bytes", new Uint8Array([123, 0xc2, 0xb0, 125]), "payload", "not_ascii"],
  ];

  it.each(bad)("refuses %s", (_name, payload, field, reason) => {
    expect(decodeReadings(payload)).toEqual({ ok: false, error: { field, reason } });
  });

  it("accepts the highest sequence number, MAX_SEQ", () => {
    const decoded = decodeReadings(batch(`{"s":${MAX_SEQ},"t":1,"c":-18}`));
    expect(decoded.ok && decoded.value.r[0]?.s).toBe(MAX_SEQ);
  });

  it("accepts a full batch", () => {
    const decoded = decodeReadings(manyReadings(MAX_READINGS_PER_BATCH));
    expect(decoded.ok && decoded.value.r.length).toBe(MAX_READINGS_PER_BATCH);
  });

  const sentinels: [string, number, string][] = [
    ["85.0 (DS18B20 power-on value)", 85, "power_on_85"],
    ["-127 (DS18B20 disconnected)", -127, "disconnected"],
    ["implausibly hot", 61, "out_of_range"],
    ["implausibly cold", -60.5, "out_of_range"],
  ];

  it.each(sentinels)("turns %s into a probe fault and keeps the batch", (_name, c, fault) => {
    const decoded = decodeReadings(
      batch(`{"s":1,"t":10,"c":-18.5},{"s":2,"t":70,"c":${c}},{"s":3,"t":130,"c":-18}`),
    );
    expect(decoded).toEqual({
      ok: true,
      value: {
        v: 1,
        boot: 3,
        up: 600,
        r: [
          { s: 1, t: 10, c: -18.5 },
          { s: 2, t: 70, c: null, f: fault },
          { s: 3, t: 130, c: -18 },
        ],
      },
    });
  });

  it("keeps a device-flagged fault without a temperature, even when one was sent", () => {
    const decoded = decodeReadings(
      batch('{"s":1,"t":10,"c":21.5,"f":"crc"},{"s":2,"t":9,"c":null,"f":"no_probe"}'),
    );
    expect(decoded.ok && decoded.value.r).toEqual([
      { s: 1, t: 10, c: null, f: "crc" },
      { s: 2, t: 9, c: null, f: "no_probe" },
    ]);
  });

  it("keeps uptime placement of readings taken before the clock was synced", () => {
    const decoded = decodeReadings(batch('{"s":1,"t":42,"c":-18,"u":1,"b":3}'));
    expect(decoded.ok && decoded.value.r).toEqual([{ s: 1, t: 42, c: -18, u: 1, b: 3 }]);
  });
});

describe("status, ack and config", () => {
  it("round-trip", () => {
    const status = { v: 1, state: "online" as const, fw: "0.1.0", board: "ESP32", boot: 2, interval: 60 };
    expect(decodeStatus(encodeStatus(status))).toEqual({ ok: true, value: status });
    expect(decodeAck(encodeAck({ v: 1, upTo: 99 }))).toEqual({ ok: true, value: { v: 1, upTo: 99 } });
    const config = { v: 1, interval: 300, alarmHighC: -15, time: 1_790_000_000 };
    expect(decodeConfig(encodeConfig(config))).toEqual({ ok: true, value: config });
  });

  const bad: [string, () => unknown, string, string][] = [
    ["status with unknown state", () => decodeStatus('{"v":1,"state":"asleep"}'), "state", "unknown"],
    ["status without state", () => decodeStatus('{"v":1}'), "state", "missing"],
    [
      "status with numeric board",
      () => decodeStatus('{"v":1,"state":"online","board":5}'),
      "board",
      "not_a_string",
    ],
    ["ack without upTo", () => decodeAck('{"v":1}'), "upTo", "missing"],
    ["ack with fractional upTo", () => decodeAck('{"v":1,"upTo":3.5}'), "upTo", "not_an_integer"],
    ["ack of wrong version", () => decodeAck('{"v":0,"upTo":3}'), "v", "unsupported_version"],
    ["ack past MAX_SEQ", () => decodeAck('{"v":1,"upTo":9007199254740992}'), "upTo", "too_large"],
    [
      "config with zero interval",
      () => decodeConfig('{"v":1,"interval":0,"time":1}'),
      "interval",
      "too_small",
    ],
    [
      "config with huge interval",
      () => decodeConfig('{"v":1,"interval":999999,"time":1}'),
      "interval",
      "too_large",
    ],
    ["config without time", () => decodeConfig('{"v":1,"interval":60}'), "time", "missing"],
    [
      "config with text limit",
      () => decodeConfig('{"v":1,"interval":60,"time":1,"alarmHighC":"x"}'),
      "alarmHighC",
      "not_a_number",
    ],
    ["empty payload", () => decodeConfig(""), "payload", "malformed_json"],
  ];

  it.each(bad)("refuses %s", (_name, decode, field, reason) => {
    expect(decode()).toEqual({ ok: false, error: { field, reason } });
  });
});

describe("topics", () => {
  it("names and parses topics under a prefix, which may itself have levels", () => {
    expect(topicFor("milkguard", "freezer-1", "readings")).toBe("milkguard/freezer-1/readings");
    expect(parseTopic("milkguard", "milkguard/freezer-1/ack")).toEqual({
      ok: true,
      value: { deviceId: "freezer-1", channel: "ack" },
    });
    expect(parseTopic("site/a", "site/a/dev-9/status")).toEqual({
      ok: true,
      value: { deviceId: "dev-9", channel: "status" },
    });
  });

  const bad: [string, string, string][] = [
    ["other/freezer-1/readings", "topic", "wrong_prefix"],
    ["milkguardx/freezer-1/readings", "topic", "wrong_prefix"],
    ["milkguard/freezer-1/readings/extra", "topic", "wrong_levels"],
    ["milkguard/freezer-1", "topic", "wrong_levels"],
    ["milkguard/Freezer-1/readings", "deviceId", "invalid"],
    ["milkguard//readings", "deviceId", "invalid"],
    ["milkguard/freezer-1/logs", "channel", "unknown"],
  ];

  it.each(bad)("refuses %s", (topic, field, reason) => {
    expect(parseTopic("milkguard", topic)).toEqual({ ok: false, error: { field, reason } });
  });

  it("checks device ids by character", () => {
    expect(isValidDeviceId("a".repeat(32))).toBe(true);
    for (const id of ["", "a".repeat(33), "a_b", "a b", "caf\u00e9", "a/b", "+", "#"]) {
      expect(isValidDeviceId(id)).toBe(false);
    }
  });
});
