// The device's pure HMAC and the gateway's node:crypto agree, and the canonical form survives.
import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encodeReadings } from "../../shared/protocol/codec.js";
import { hmacSha256Hex, signPayload, splitSignedPayload, verifyPayload } from "../../shared/protocol/hmac.js";
import { sha256, toHex } from "../../shared/protocol/sha256.js";

function ascii(length: number, seed: number): string {
  let s = "";
  for (let i = 0; i < length; i++) s += String.fromCharCode(32 + ((i * 7 + seed * 13) % 95));
  return s;
}

describe("sha256 and hmac", () => {
  it("match node:crypto across block boundaries", () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 4100]) {
      const text = ascii(length, length);
      expect(toHex(sha256(text))).toBe(createHash("sha256").update(text, "latin1").digest("hex"));
      for (const key of ["k", ascii(64, 1), ascii(100, 2)]) {
        expect(hmacSha256Hex(key, text)).toBe(createHmac("sha256", key).update(text, "latin1").digest("hex"));
      }
    }
  });

  it("matches RFC 4231 test case 2", () => {
    expect(hmacSha256Hex("Jefe", "what do ya want for nothing?")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });
});

describe("signed payloads", () => {
  const unsigned = encodeReadings({ v: 1, boot: 1, up: 5, r: [{ s: 1, t: 2, c: -18.0625 }] });

  it("carry the mac last, over the exact unsigned text", () => {
    const signed = signPayload("device-key", unsigned);
    const parts = splitSignedPayload(signed);
    expect(parts?.unsigned).toBe(unsigned);
    expect(parts?.mac).toBe(createHmac("sha256", "device-key").update(unsigned).digest("hex"));
    expect(JSON.parse(signed).mac).toBe(parts?.mac);
    expect(verifyPayload("device-key", signed)).toBe(true);
  });

  it("fail with another key, a changed body or no mac", () => {
    const signed = signPayload("device-key", unsigned);
    expect(verifyPayload("other-key", signed)).toBe(false);
    expect(verifyPayload("device-key", signed.replace("-18.0625", "-28.0625"))).toBe(false);
    expect(verifyPayload("device-key", unsigned)).toBe(false);
    expect(splitSignedPayload("}")).toBe(null);
  });
});
