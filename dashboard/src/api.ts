// The gateway's JSON API (docs/api.md): the session rides on the HttpOnly cookie, every answer is an
// envelope, and an error keeps the gateway's code and message for the user to read.

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

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
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
  if (res.status === 401 && path !== "/api/login") onSignedOut();
  throw new ApiError(res.status, envelope.code, envelope.error, envelope.field);
}

export const get = <T>(path: string) => call<T>("GET", path);
export const post = <T>(path: string, body: unknown = {}) => call<T>("POST", path, body);

/** a query string from the defined values only */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** path segments are encoded, so an id can never point at another route */
export const path = (...parts: string[]) => `/api/${parts.map(encodeURIComponent).join("/")}`;
