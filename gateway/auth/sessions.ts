// Sessions: a random 32-byte token goes to the user once; the store keeps only its SHA-256 hash, so
// a copy of the database cannot be used to sign in.
import { createHash, randomBytes } from "node:crypto";
import type { User } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { isDisabled } from "./users.js";

/** a working day at the milk bank; a donor signs in again the next day */
export const SESSION_MS = 12 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function startSession(site: SiteStore, userId: string, nowMs: number): string {
  const token = randomBytes(32).toString("base64url");
  site.sessions.create(userId, hashToken(token), nowMs + SESSION_MS);
  return token;
}

/** the session's user, unless the session ended or the account was disabled since */
export function userForToken(site: SiteStore, token: string, nowMs: number): User | undefined {
  const user = site.sessions.userFor(hashToken(token), nowMs);
  return user && !isDisabled(user) ? user : undefined;
}

export function endSession(site: SiteStore, token: string): void {
  site.sessions.revoke(hashToken(token));
}
