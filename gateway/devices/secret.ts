// Device passwords: random, shown once, stored as an scrypt hash.
// The cost is low on purpose: a device password is 24 random bytes (192 bits), so no guessing attack
// needs slowing down, while a thousand devices reconnecting after a power cut must not stall the
// gateway for minutes (N=16384 costs ~50 ms each; N=1024 ~1 ms).
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from "node:crypto";

const COST = { N: 1024, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

/** stands in for a retired device's hash: no password verifies against it (verifyDeviceSecret reads only "scrypt$...") */
export const RETIRED_SECRET = "retired";

export function newDeviceSecret(): string {
  return randomBytes(24).toString("base64url");
}

/** `scrypt$N$r$p$<salt b64>$<hash b64>` */
export function hashDeviceSecret(secret: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(secret, salt, KEY_BYTES, COST);
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64"), hash.toString("base64")].join("$");
}

/** Checks on the thread pool, so a reconnect storm does not block ingest. */
export function verifyDeviceSecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return Promise.resolve(false);
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4] ?? "", "base64");
  const expected = Buffer.from(parts[5] ?? "", "base64");
  if (!N || !r || !p || expected.length === 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    scrypt(secret, salt, expected.length, { N, r, p }, (err, got) =>
      resolve(!err && timingSafeEqual(got, expected)),
    );
  });
}
