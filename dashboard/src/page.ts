// What a view gets: the signed-in user, live events, the route's parameters, and a place to register
// what must stop when the user leaves the page (live listeners, timers, charts).
import { get } from "./api.js";
import type { Live } from "./sse.js";
import type { Me, Profiles } from "./types.js";

export interface Page {
  /** who is signed in, and what the gateway lets them do (user.can: the page never decides by role) */
  user: Me;
  live: Live;
  params: string[];
  onLeave(cleanup: () => void): void;
  go(path: string): void;
  profiles(): Promise<Profiles>;
}

export type View = (root: HTMLElement, page: Page) => Promise<void>;

let profiles: Promise<Profiles> | undefined;

/** profiles change only with the gateway's configuration: fetched once per page load */
export function cachedProfiles(): Promise<Profiles> {
  profiles ??= get("/api/profiles").catch((err: unknown) => {
    profiles = undefined;
    throw err;
  });
  return profiles;
}
