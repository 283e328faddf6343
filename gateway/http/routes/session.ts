// Sign in, sign out, and who am I.
import { randomBytes } from "node:crypto";
import type { Router } from "express";
import { LoginBody } from "../../../shared/api/requests.js";
import { LoginThrottle } from "../../auth/login-throttle.js";
import { hashPassword, verifyPassword } from "../../auth/passwords.js";
import { endSession, SESSION_MS, startSession } from "../../auth/sessions.js";
import { publicUser } from "../../auth/users.js";
import { AppError } from "../../errors.js";
import { auditedChange } from "../../store/audited-change.js";
import { capabilitiesOf } from "../access.js";
import { currentUser, requireUser, SESSION_COOKIE, sessionToken } from "../authenticate.js";
import type { RouteContext } from "../context.js";
import { unauthenticated } from "../envelope.js";
import { apiRouter } from "../typed-router.js";
import { parseInput } from "../validate.js";
import { setupRoutes } from "./setup.js";

let unknownUserHash: string | undefined;

const cookieOptions = { httpOnly: true, sameSite: "strict", path: "/" } as const;

export function sessionRoutes(ctx: RouteContext): Router {
  const api = apiRouter("/api");
  const { site, clock } = ctx;

  const throttle = new LoginThrottle();
  const audit = (action: string, subject: string, details: Record<string, unknown>) => {
    auditedChange(site, ctx.bus, { atMs: clock.now(), actor: "anonymous", action, subject, details });
  };

  api.post("/login", async (req, res) => {
    const { name, password } = parseInput(LoginBody, req.body);
    const attempt = throttle.attempt(name, req.ip, clock.now());
    if (!attempt.allowed) {
      const seconds = Math.ceil(attempt.waitMs / 1000);
      res.set("Retry-After", String(seconds));
      throw new AppError(
        "MILK_ERR_TOO_MANY_ATTEMPTS",
        `too many wrong passwords: try again in ${seconds} s`,
        429,
      );
    }
    const user = site.users.byName(name);
    // an unknown name costs the same scrypt as a wrong password, so timing does not reveal who exists
    unknownUserHash ??= await hashPassword(randomBytes(16).toString("hex"));
    const ok = await verifyPassword(password, user?.passwordHash ?? unknownUserHash);
    if (!user || !ok) {
      // one line when a burst of wrong passwords begins, one when it starts to be slowed: a guesser
      // cannot fill the audit trail
      const ip = req.ip ?? null;
      if (attempt.firstOfBurst) audit("login.failed", `user:${name}`, { ip, knownUser: user !== undefined });
      for (const w of attempt.nowWaiting) {
        audit("login.throttled", w.subject, { ip, failures: w.failures, waitS: w.waitMs / 1000 });
      }
      throw unauthenticated("wrong name or password");
    }
    throttle.succeeded(name, req.ip);
    const token = startSession(site, user.id, clock.now());
    // Secure only behind HTTPS: a gateway on a home network is often reached over plain http
    res.cookie(SESSION_COOKIE, token, { ...cookieOptions, secure: req.secure, maxAge: SESSION_MS });
    return { token, user: publicUser(user) };
  });

  const signedIn = requireUser(site, clock);
  api.post(
    "/logout",
    (req, res) => {
      const token = sessionToken(req);
      if (token) endSession(site, token);
      res.clearCookie(SESSION_COOKIE, cookieOptions);
      return { loggedOut: true } as const;
    },
    { guard: signedIn },
  );

  // what the user may do comes with who they are: the page shows only what the policy allows
  api.get(
    "/me",
    (_req, res) => {
      const user = currentUser(res);
      return { ...publicUser(user), can: capabilitiesOf(user.role), site: ctx.display };
    },
    { guard: signedIn },
  );
  // the first admin's setup link: like signing in, it needs no session
  api.router.use(setupRoutes(ctx));
  return api.router;
}
