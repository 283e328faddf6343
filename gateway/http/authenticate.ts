// Who is asking: the session cookie (the dashboard, EventSource) or a bearer token (scripts).
import type { Request, RequestHandler, Response } from "express";
import { userForToken } from "../auth/sessions.js";
import type { Clock } from "../clock.js";
import type { User } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { unauthenticated } from "./envelope.js";

export const SESSION_COOKIE = "mg_session";

/** The token the request carries; a cookie that cannot be decoded is a missing session (401), not a crash. */
export function sessionToken(req: Request): string | undefined {
  const header = req.get("authorization");
  if (header?.startsWith("Bearer ")) return header.slice("Bearer ".length).trim();
  for (const part of (req.get("cookie") ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === SESSION_COOKIE) return decoded(value.join("="));
  }
  return undefined;
}

function decoded(cookie: string): string {
  try {
    return decodeURIComponent(cookie);
  } catch {
    throw unauthenticated("the session cookie cannot be read: sign in again");
  }
}

/** Sets res.locals.user, or answers 401. */
export function requireUser(site: SiteStore, clock: Clock): RequestHandler {
  return (req, res, next) => {
    const token = sessionToken(req);
    const user = token ? userForToken(site, token, clock.now()) : undefined;
    if (!user) throw unauthenticated("sign in first (no session, or it has expired)");
    res.locals.user = user;
    next();
  };
}

export const currentUser = (res: Response): User => res.locals.user as User;
