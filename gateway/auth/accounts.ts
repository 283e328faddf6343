// What an admin does to people's accounts, from the dashboard (http/routes/users.ts) or on the
// gateway's computer (scripts/admin.ts): create one, change it, set a new password, disable it.
// Each change is one transaction with its audit line; a new password and a disabled account end
// every session the person had, so a stolen session does not outlive either.
import { conflict, forbidden, invalid } from "../errors.js";
import type { User } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { passwordProblem } from "./password-rule.js";
import { hashPassword } from "./passwords.js";
import { DISABLED_PASSWORD, isDisabled, type NewUser, userRecord } from "./users.js";

/** appends one audit line as whoever acts (the signed-in admin, or the operator on the box) */
export type AuditLine = (action: string, subject: string, details: Record<string, unknown>) => void;

/** 400 naming the password field when the password breaks the rule */
export function checkPassword(password: string, person: { name: string; displayName: string }): void {
  const problem = passwordProblem(password, [person.name, person.displayName]);
  if (problem) throw invalid(`password: ${problem}`);
}

export async function addUser(site: SiteStore, input: NewUser, audit: AuditLine): Promise<User> {
  if (site.users.byName(input.name) || site.users.get(input.id ?? input.name)) {
    throw conflict(`a user named '${input.name}' already exists`);
  }
  checkPassword(input.password, input);
  const user = userRecord(input, await hashPassword(input.password));
  site.transaction(() => {
    site.users.put(user);
    audit("user.created", `user:${user.name}`, { id: user.id, role: user.role });
  });
  return user;
}

export async function setPassword(
  site: SiteStore,
  user: User,
  password: string,
  audit: AuditLine,
): Promise<User> {
  checkPassword(password, user);
  const changed = { ...user, passwordHash: await hashPassword(password) };
  site.transaction(() => {
    site.users.put(changed);
    site.sessions.revokeAll(user.id);
    audit("user.password-set", `user:${user.name}`, { reopened: isDisabled(user) });
  });
  return changed;
}

/** the admins who can sign in, but for `except` */
const otherAdmins = (site: SiteStore, except: User) =>
  site.users.list().filter((u) => u.role === "admin" && !isDisabled(u) && u.id !== except.id);

export function disableUser(site: SiteStore, user: User, audit: AuditLine): User {
  if (user.role === "admin" && otherAdmins(site, user).length === 0) {
    throw forbidden("the last admin who can sign in cannot be disabled: make another admin first");
  }
  const changed = { ...user, passwordHash: DISABLED_PASSWORD };
  site.transaction(() => {
    site.users.put(changed);
    site.sessions.revokeAll(user.id);
    audit("user.disabled", `user:${user.name}`, {});
  });
  return changed;
}

export type UserChange = Partial<Pick<User, "displayName" | "role">> & {
  email?: string | null | undefined;
  phone?: string | null | undefined;
};

/** left-out fields stay; a null e-mail or phone is removed */
export function changeUser(site: SiteStore, user: User, change: UserChange, audit: AuditLine): User {
  if (
    change.role &&
    change.role !== "admin" &&
    user.role === "admin" &&
    otherAdmins(site, user).length === 0
  ) {
    throw forbidden("the last admin who can sign in must stay an admin: make another admin first");
  }
  const { email, phone, ...rest } = change;
  const changed: User = { ...user, ...rest };
  for (const [key, value] of [
    ["email", email],
    ["phone", phone],
  ] as const) {
    if (value === null) delete changed[key];
    else if (value !== undefined) changed[key] = value;
  }
  site.transaction(() => {
    site.users.put(changed);
    audit("user.changed", `user:${user.name}`, { ...change });
  });
  return changed;
}
