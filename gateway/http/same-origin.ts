// Refuses a state-changing request a browser sent from another site's page (cross-site request
// forgery): the session cookie rides along by itself, so SameSite must not be the only guard (older
// browsers, a sibling sub-domain counts as same-site). A browser names the page's origin in Origin (or
// at least Referer) on every POST; scripts and curl send neither and authenticate with a token.
import type { Request, RequestHandler } from "express";
import { forbidden } from "../errors.js";

/** methods that only read: a page from anywhere may cause them, the answer never reaches it */
const READ_ONLY = new Set(["GET", "HEAD", "OPTIONS"]);

/** a TLS proxy may show the page as https://x while the gateway is asked for x:443 or x:80 */
const withoutDefaultPort = (host: string) => host.toLowerCase().replace(/:(80|443)$/, "");

/** the host:port a header names, or "foreign" for one that is not a URL (Origin: null) */
function hostOf(header: string): string {
  try {
    return withoutDefaultPort(new URL(header).host);
  } catch {
    return "foreign";
  }
}

/** the host the browser asked for: Host, or X-Forwarded-Host from a trusted proxy (Express's req.host) */
const requestedHost = (req: Request) => withoutDefaultPort(req.host);

export const sameOriginWrites: RequestHandler = (req, _res, next) => {
  if (READ_ONLY.has(req.method)) return next();
  const from = req.get("origin") ?? req.get("referer");
  if (from !== undefined && hostOf(from) !== requestedHost(req)) {
    throw forbidden(`a ${req.method} from another site's page (${from}) is refused`);
  }
  next();
};
