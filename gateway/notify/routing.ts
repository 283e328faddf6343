// Who is told of an alert, and when, as a milk bank sets it: a donor's own unit tells her first; the
// site's escalation steps follow (the first notice tells the first step, each unanswered repeat adds
// the next, alerts/escalation.ts); a step names its people or a weekly rota. Each person's chosen
// channels are used, each held until the end of her quiet hours, never for a critical alert.
import type { PersonalChannel } from "../../shared/api/notifications.js";
import type { Alert, Unit, User } from "../store/records.js";
import type { EscalationStep } from "./config.js";
import { localTime, quietUntil } from "./local-time.js";

export interface RoutingDeps {
  steps: readonly EscalationStep[];
  timeZone: string;
  unit(unitId: string): Unit | undefined;
  userByName(name: string): User | undefined;
  user(id: string): User | undefined;
  /** the channels the site has set up */
  available: readonly PersonalChannel[];
}

export interface Route {
  user: User;
  channel: PersonalChannel;
  address: string;
  /** held until then (quiet hours); now when undefined */
  notBeforeMs?: number;
}

/** the people an alert at its escalation level reaches, each once, in escalation order */
export function peopleFor(
  alert: Pick<Alert, "unitId" | "escalationLevel">,
  nowMs: number,
  deps: RoutingDeps,
): User[] {
  const ownerId = deps.unit(alert.unitId)?.ownerId;
  const owner = ownerId === undefined ? undefined : deps.user(ownerId);
  const groups: User[][] = [
    ...(owner ? [[owner]] : []),
    ...deps.steps.map((step) => namesOn(step, nowMs, deps.timeZone).flatMap((n) => deps.userByName(n) ?? [])),
  ];
  const reached = groups.slice(0, alert.escalationLevel + 1).flat();
  return [...new Map(reached.map((u) => [u.id, u])).values()];
}

function namesOn(step: EscalationStep, nowMs: number, timeZone: string): string[] {
  if ("users" in step) return step.users;
  return step.rota[localTime(nowMs, timeZone).weekday] ?? [];
}

/** the channels a person chose (e-mail when she chose none and has an address) */
export function channelsOf(user: User): PersonalChannel[] {
  return user.notifications?.channels ?? (user.email ? ["email"] : []);
}

/** where a channel reaches the person: none when she gave no address; each of her phones for push */
export function addressesOf(user: User, channel: PersonalChannel): string[] {
  switch (channel) {
    case "email":
      return user.email ? [user.email] : [];
    case "sms":
      return user.phone ? [user.phone] : [];
    case "push":
      return (user.pushSubscriptions ?? []).map(({ endpoint, keys }) => JSON.stringify({ endpoint, keys }));
  }
}

/** every channel and address an alert goes out on now, and when each may be sent */
export function routesFor(alert: Alert, nowMs: number, deps: RoutingDeps): Route[] {
  return peopleFor(alert, nowMs, deps).flatMap((user) => {
    const quiet = user.notifications?.quietHours;
    const held = quiet && alert.severity !== "critical" ? quietUntil(nowMs, quiet, deps.timeZone) : undefined;
    return channelsOf(user).flatMap((channel) =>
      deps.available.includes(channel)
        ? addressesOf(user, channel).map((address) => ({
            ...{ user, channel, address },
            ...(held === undefined ? {} : { notBeforeMs: held }),
          }))
        : [],
    );
  });
}
