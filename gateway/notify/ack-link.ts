// The acknowledge link in a notice: signed by the gateway (HMAC-SHA256 with a key it makes on first
// start and keeps in its SQLite file), naming the alert and the person, expiring, and single-use (its
// nonce is kept once used). Opening it shows a small page that still asks for the comment a critical
// alert needs (gateway/http/routes/notice-ack.ts).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { SiteStore } from "../store/site-store.js";

export interface AckClaim {
  alertId: string;
  userId: string;
  expiresAtMs: number;
  nonce: string;
}

const KEY_NAME = "ack-link-key";

export function ackLinkKey(site: SiteStore): Buffer {
  return Buffer.from(
    site.secrets.get(KEY_NAME, () => randomBytes(32).toString("base64")),
    "base64",
  );
}

export function signAckToken(key: Buffer, claim: Omit<AckClaim, "nonce">): string {
  const body: AckClaim = { ...claim, nonce: randomBytes(12).toString("base64url") };
  const payload = Buffer.from(JSON.stringify(body)).toString("base64url");
  return `${payload}.${mac(key, payload)}`;
}

export type AckCheck = { ok: true; claim: AckClaim } | { ok: false; problem: string };

/** the claim of a genuine, unexpired token; whether it was used already is the store's to say */
export function readAckToken(key: Buffer, token: string, nowMs: number): AckCheck {
  const [payload, signature] = token.split(".");
  if (!payload || !signature) return { ok: false, problem: "this link is not a MilkGuard link" };
  const expected = Buffer.from(mac(key, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, problem: "this link is not a MilkGuard link, or it was changed" };
  const claim = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as AckClaim;
  if (claim.expiresAtMs <= nowMs)
    return { ok: false, problem: "this link has expired: acknowledge on the dashboard" };
  return { ok: true, claim };
}

function mac(key: Buffer, payload: string): string {
  return createHmac("sha256", key).update(payload).digest("base64url");
}
