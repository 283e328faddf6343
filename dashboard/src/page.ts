// What a view gets: the signed-in user, live events, the route's parameters, and a place to register
// what must stop when the user leaves the page (live listeners, timers, charts).
import { get } from "./api.js";
import type { Live } from "./sse.js";
import type { Profiles, User } from "./types.js";

export interface Page {
  user: User;
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
  profiles ??= get<Profiles>("/api/profiles").catch((err: unknown) => {
    profiles = undefined;
    throw err;
  });
  return profiles;
}

export const can = {
  /** register, move and discard bags: staff, admin, and a donor her own */
  handleBags: (user: User) => user.role !== "courier",
  startTrips: (user: User) => user.role !== "donor",
  receiveTrips: (user: User) => user.role === "staff" || user.role === "admin",
  readAudit: (user: User) => user.role === "staff" || user.role === "admin",
  /** refused readings: staff and admin see them, an admin releases them */
  readQuarantine: (user: User) => user.role === "staff" || user.role === "admin",
  releaseQuarantine: (user: User) => user.role === "admin",
  /** pick a donor or a courier from the users list (GET /api/users is for staff and admin) */
  pickPeople: (user: User) => user.role === "staff" || user.role === "admin",
};
