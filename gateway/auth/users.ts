// Creating users (the demo seed, the admin's user form) and the part of a user the API shows.
import type { Role, User } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { hashPassword } from "./passwords.js";

export interface NewUser {
  id?: string;
  name: string;
  displayName: string;
  role: Role;
  password: string;
}

export type PublicUser = Omit<User, "passwordHash">;

/**
 * Stands in for the password hash of an account that may no longer sign in (a demo login outside
 * demo mode): no password verifies against it (passwords.ts reads only "scrypt$..."), and its
 * sessions end (sessions.ts). The account stays, so its audit lines and bags still name it.
 */
export const DISABLED_PASSWORD = "disabled";

export const isDisabled = (user: User) => user.passwordHash === DISABLED_PASSWORD;

export const publicUser = ({ id, name, displayName, role }: User): PublicUser => ({
  id,
  name,
  displayName,
  role,
});

/** Stores a new user with a hashed password; the caller checks that the name is free. */
export async function createUser(site: SiteStore, input: NewUser): Promise<User> {
  const user: User = {
    id: input.id ?? input.name,
    name: input.name,
    displayName: input.displayName,
    role: input.role,
    passwordHash: await hashPassword(input.password),
  };
  site.users.put(user);
  return user;
}
