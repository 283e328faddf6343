// Creating users (the demo seed, the admin's user form), the part of a user the API shows, and her
// own display preferences.
import type { Language, TemperatureUnit } from "../../shared/api/preferences.js";
import type { Role, User } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { hashPassword } from "./passwords.js";

export interface NewUser {
  id?: string;
  name: string;
  displayName: string;
  role: Role;
  password: string;
  email?: string | null | undefined;
  phone?: string | null | undefined;
}

export type PublicUser = Omit<User, "passwordHash" | "pushSubscriptions">;

/**
 * Stands in for the password hash of an account that may no longer sign in (disabled by an admin,
 * or a demo login outside demo mode): no password verifies against it (passwords.ts reads only
 * "scrypt$..."), and its sessions end (sessions.ts). The account stays, so its audit lines and bags
 * still name it; a new password set by an admin opens it again.
 */
export const DISABLED_PASSWORD = "disabled";

export const isDisabled = (user: User) => user.passwordHash === DISABLED_PASSWORD;

export function publicUser(user: User): PublicUser {
  const { passwordHash: _hash, disabled: _stored, pushSubscriptions: _devices, ...shown } = user;
  return isDisabled(user) ? { ...shown, disabled: true } : shown;
}

/** the record of a new user whose password is already hashed */
export function userRecord(input: Omit<NewUser, "password">, passwordHash: string): User {
  return {
    id: input.id ?? input.name,
    name: input.name,
    displayName: input.displayName,
    role: input.role,
    ...(input.email ? { email: input.email } : {}),
    ...(input.phone ? { phone: input.phone } : {}),
    passwordHash,
  };
}

/** Stores a new user with a hashed password; the caller checks that the name is free. */
export async function createUser(site: SiteStore, input: NewUser): Promise<User> {
  const user = userRecord(input, await hashPassword(input.password));
  site.users.put(user);
  return user;
}

/** the user with her language and unit changed: left out keeps a choice, null goes back to the site's */
export function withPreferences(
  user: User,
  body: { language?: Language | null | undefined; temperatureUnit?: TemperatureUnit | null | undefined },
): User {
  const { language: oldLanguage, temperatureUnit: oldUnit, ...rest } = user;
  const language = body.language === undefined ? oldLanguage : (body.language ?? undefined);
  const temperatureUnit = body.temperatureUnit === undefined ? oldUnit : (body.temperatureUnit ?? undefined);
  return { ...rest, ...(language ? { language } : {}), ...(temperatureUnit ? { temperatureUnit } : {}) };
}
