// The first start of a real site: while no admin can sign in, the gateway prints a one-time setup
// link (main.ts) whose page creates the first admin, as Home Assistant's and Grafana's onboarding do.
// The link lives in the audit trail, as the SHA-256 of its token and its expiry: only the newest
// link works, once, until it expires, whichever process reads the file (the gateway that printed it,
// or one restarted since, which prints a newer one). The token itself is never stored.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { conflict, forbidden } from "../errors.js";
import type { User } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { checkPassword } from "./accounts.js";
import { hashPassword } from "./passwords.js";
import { isDisabled, userRecord } from "./users.js";

/** long enough to walk from the gateway's screen to a computer; dead by the next day's scrollback */
export const SETUP_LINK_MS = 60 * 60_000;
const SUBJECT = "site:setup";
const ISSUED = "setup.link-issued";

interface Clock {
  now(): number;
}

export interface SetupLink {
  token: string;
  expiresAtMs: number;
}

export interface FirstAdmin {
  name: string;
  displayName: string;
  password: string;
}

const sha256 = (token: string) => createHash("sha256").update(token).digest();

export const adminCanSignIn = (site: SiteStore): boolean =>
  site.users.list().some((u) => u.role === "admin" && !isDisabled(u));

/** a new link (every earlier one stops working), or undefined when an admin can sign in */
export function issueSetupLink(site: SiteStore, clock: Clock): SetupLink | undefined {
  if (adminCanSignIn(site)) return undefined;
  const token = randomBytes(32).toString("base64url");
  const expiresAtMs = clock.now() + SETUP_LINK_MS;
  site.audit.append({
    atMs: clock.now(),
    actor: "gateway",
    action: ISSUED,
    subject: SUBJECT,
    details: { tokenSha256: sha256(token).toString("hex"), expiresAtMs },
  });
  return { token, expiresAtMs };
}

/** why the token cannot create the first admin now, or undefined when it can */
function refusal(site: SiteStore, token: string, nowMs: number): string | undefined {
  if (adminCanSignIn(site)) return "this site has an admin already: sign in, or ask an admin for an account";
  const [newest] = site.audit.list({ subject: SUBJECT, limit: 1 });
  const stored = Buffer.from(String(newest?.details.tokenSha256 ?? ""), "hex");
  const given = sha256(token);
  if (newest?.action !== ISSUED || stored.length !== given.length || !timingSafeEqual(stored, given)) {
    return "this setup link is not valid (used, or replaced by a newer one): use the newest link the gateway printed";
  }
  if (nowMs >= Number(newest.details.expiresAtMs)) {
    return "this setup link has expired: restart the gateway for a new one, or run `npm run admin -- create NAME` on its computer";
  }
  return undefined;
}

/** Creates the first admin with the link's token; the link is used up. Audited. */
export async function createFirstAdmin(
  site: SiteStore,
  clock: Clock,
  token: string,
  input: FirstAdmin,
): Promise<{ user: User; audit: ReturnType<SiteStore["audit"]["append"]>[] }> {
  const check = () => {
    const why = refusal(site, token, clock.now());
    if (why) throw forbidden(why);
  };
  check();
  checkPassword(input.password, input);
  if (site.users.byName(input.name) || site.users.get(input.name))
    throw conflict(`the name '${input.name}' is taken (a disabled account keeps its name): choose another`);
  const passwordHash = await hashPassword(input.password);
  // checked again in the write: another request may have used the link while this one hashed
  return site.transaction(() => {
    check();
    const user = userRecord({ ...input, role: "admin" }, passwordHash);
    site.users.put(user);
    const atMs = clock.now();
    const audit = [
      site.audit.append({
        atMs,
        actor: "setup-link",
        action: "setup.admin-created",
        subject: SUBJECT,
        details: { user: user.name },
      }),
      site.audit.append({
        atMs,
        actor: "setup-link",
        action: "user.created",
        subject: `user:${user.name}`,
        details: { id: user.id, role: user.role },
      }),
    ];
    return { user, audit };
  });
}
