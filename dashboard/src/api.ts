// The gateway's JSON API (docs/api.md), typed by its route map (shared/api/routes.ts): the path
// template names the route, so get("/api/units/:id", { id }) answers a UnitDetail. The session rides
// on the HttpOnly cookie, every answer is an envelope, and an error keeps the gateway's code and
// message for the user to read.
import type { Body, JsonAnswer, Params, PathOf, Query } from "../../shared/api/routes.js";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

type Envelope<T> =
  | { status: "ok"; data: T }
  | { status: "error"; code: string; error: string; field?: string };

let onSignedOut: () => void = () => {};

/** what to do when the gateway says the session is gone (expired, revoked, or the gateway restarted) */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    credentials: "same-origin",
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  let envelope: Envelope<T>;
  try {
    envelope = (await res.json()) as Envelope<T>;
  } catch {
    throw new ApiError(res.status, "MILK_ERR_INTERNAL", `the gateway answered ${res.status} without data`);
  }
  if (envelope.status === "ok") return envelope.data;
  if (res.status === 401 && url !== "/api/login") onSignedOut();
  throw new ApiError(res.status, envelope.code, envelope.error, envelope.field);
}

type GetPath = PathOf<"GET">;
type PostPath = PathOf<"POST">;
/** the path's parameters first, when it has any */
type WithParams<P extends string, Rest extends unknown[]> = keyof Params<P> extends never
  ? Rest
  : [params: Params<P>, ...Rest];
/** a body the route can do without may be left out */
type BodyArg<B> = Record<never, never> extends B ? [body?: B] : [body: B];

/** "/api/units/:id" with { id: "a/b" } → "/api/units/a%2Fb": an id can never point at another route */
function fill(template: string, params: Record<string, string>): string {
  return template.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));
}

/** the URL of a route, for a link or a download (a CSV) */
export function href<P extends GetPath>(
  template: P,
  ...args: WithParams<P, [query?: Query<`GET ${P}`>]>
): string {
  const [params, search] = template.includes(":") ? args : [{}, ...args];
  return `${fill(template, params as Record<string, string>)}${query(search ?? {})}`;
}

export function get<P extends GetPath>(
  template: P,
  ...args: WithParams<P, [query?: Query<`GET ${P}`>]>
): Promise<JsonAnswer<`GET ${P}`>> {
  return call("GET", href(template, ...args));
}

export function post<P extends PostPath>(
  template: P,
  ...args: WithParams<P, BodyArg<Body<`POST ${P}`>>>
): Promise<JsonAnswer<`POST ${P}`>> {
  const [params, body] = template.includes(":") ? args : [{}, ...args];
  return call("POST", fill(template, params as Record<string, string>), body ?? {});
}

/** a query string from the defined values only */
function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}
