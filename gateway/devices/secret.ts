// Device passwords: random, shown once, stored as a salted SHA-256. A device password is 24 random
// bytes (192 bits), so no guessing attack needs slowing down (people's passwords are another matter:
// auth/passwords.ts). Devices provisioned before were kept as scrypt hashes (N=1024, ~1.7 ms each):
// those still verify, on the thread pool, and are replaced at their next login (isOutdatedDeviceHash),
// because ten thousand of them after a restart kept a reconnect storm's CONNACKs waiting ~17 s.
import { createHash, randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/** stands in for a retired device's hash: no password verifies against it (verifyDeviceSecret reads only "sha256$..." and "scrypt$...") */
export const RETIRED_SECRET = "retired";

export function newDeviceSecret(): string {
  return randomBytes(24).toString("base64url");
}

/** `sha256$<salt b64>$<hash b64>` */
export function hashDeviceSecret(secret: string): string {
  const salt = randomBytes(16);
  return ["sha256", salt.toString("base64"), sha256(salt, secret).toString("base64")].join("$");
}

/** true for a hash of the scrypt kind, which costs a reconnect storm; replace it at the next login */
export function isOutdatedDeviceHash(stored: string): boolean {
  return stored.startsWith("scrypt$");
}

export function verifyDeviceSecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length === 3 && parts[0] === "sha256") {
    const salt = Buffer.from(parts[1] ?? "", "base64");
    const expected = Buffer.from(parts[2] ?? "", "base64");
    const got = sha256(salt, secret);
    return Promise.resolve(expected.length === got.length && timingSafeEqual(got, expected));
  }
  return verifyScrypt(secret, parts);
}

function sha256(salt: Buffer, secret: string): Buffer {
  return createHash("sha256").update(salt).update(secret, "utf8").digest();
}

/** `scrypt$N$r$p$<salt b64>$<hash b64>`, checked on the thread pool so ingest goes on meanwhile */
function verifyScrypt(secret: string, parts: string[]): Promise<boolean> {
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
