// The acknowledge link's token, with literal times: it names the alert and the person, is refused once
// expired or changed, and each link is its own (a nonce the store marks used once).
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readAckToken, signAckToken } from "../../../gateway/notify/ack-link.js";

const KEY = randomBytes(32);
const T = Date.UTC(2026, 11, 1, 3, 0);
const DAY = 86_400_000;

describe("an acknowledge link", () => {
  it("names the alert and the person until it expires", () => {
    const token = signAckToken(KEY, { alertId: "a1", userId: "anna", expiresAtMs: T + DAY });
    expect(readAckToken(KEY, token, T)).toMatchObject({ ok: true, claim: { alertId: "a1", userId: "anna" } });
    expect(readAckToken(KEY, token, T + DAY)).toEqual({
      ok: false,
      problem: "this link has expired: acknowledge on the dashboard",
    });
  });

  it("is refused when changed, or signed with another gateway's key", () => {
    const token = signAckToken(KEY, { alertId: "a1", userId: "anna", expiresAtMs: T + DAY });
    const [payload, mac] = token.split(".");
    const claim = JSON.parse(Buffer.from(payload ?? "", "base64url").toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claim, userId: "sam" })).toString("base64url")}.${mac}`;
    expect(readAckToken(KEY, forged, T)).toMatchObject({ ok: false });
    expect(readAckToken(randomBytes(32), token, T)).toMatchObject({ ok: false });
    expect(readAckToken(KEY, "not-a-token", T)).toMatchObject({ ok: false });
  });

  it("is its own for each notice, so using one leaves the others working", () => {
    const claim = { alertId: "a1", userId: "anna", expiresAtMs: T + DAY };
    const nonces = new Set(
      Array.from({ length: 100 }, () => {
        const read = readAckToken(KEY, signAckToken(KEY, claim), T);
        return read.ok ? read.claim.nonce : "";
      }),
    );
    expect(nonces.size).toBe(100);
  });
});
