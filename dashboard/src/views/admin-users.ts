// The admin's people page: everyone who signs in, and the forms to add one, change one (name shown,
// role, where their notices go), give a new password and disable an account. Every change is
// audited by the gateway; a disabled account's sessions end at once.

import { PASSWORD_RULE } from "../../../shared/api/password-rule.js";
import { ROLES } from "../../../shared/api/records.js";
import { get, post } from "../api.js";
import { el, field } from "../dom.js";
import type { Page } from "../page.js";
import type { User } from "../types.js";
import { formError, submitting, table } from "../ui.js";

const ROLE_TEXT: Record<User["role"], string> = {
  admin: "Admin",
  staff: "Milk bank staff",
  courier: "Courier",
  donor: "Donor",
};

const roleSelect = (chosen: User["role"] = "donor") =>
  el(
    "select",
    { name: "role" },
    ...ROLES.map((r) => el("option", { value: r, selected: r === chosen }, ROLE_TEXT[r])),
  );
const text = (name: string, value = "", type = "text") => el("input", { name, value, type });
/** an empty field clears the e-mail or phone; the gateway checks the form */
const orNull = (value: string) => (value.trim() === "" ? null : value.trim());

function newPersonForm(onDone: () => Promise<void>): HTMLFormElement {
  const name = text("name");
  const displayName = text("displayName");
  const role = roleSelect();
  const email = text("email", "", "email");
  const phone = text("phone", "", "tel");
  const password = text("password", "", "password");
  const form = el(
    "form",
    { class: "admin-form", "aria-label": "Add a person" },
    el("h2", {}, "Add a person"),
    field("Name to sign in with", name),
    field("Name shown", displayName),
    field("Role", role),
    field("E-mail for notices", email),
    field("Phone for text messages", phone, "with its country code, e.g. +447700900123"),
    field("Password", password, PASSWORD_RULE),
    el("button", { type: "submit" }, "Add"),
    formError(),
  );
  form.addEventListener(
    "submit",
    submitting(form, async () => {
      await post("/api/users", {
        ...{
          name: name.value.trim(),
          displayName: displayName.value.trim(),
          role: role.value as User["role"],
        },
        ...{ email: orNull(email.value), phone: orNull(phone.value), password: password.value },
      });
      form.reset();
      await onDone();
    }),
  );
  return form;
}

/** one person's forms: who they are, a new password, disabling */
function personForms(user: User, onDone: () => Promise<void>): HTMLElement {
  const displayName = text("displayName", user.displayName);
  const role = roleSelect(user.role);
  const email = text("email", user.email ?? "", "email");
  const phone = text("phone", user.phone ?? "", "tel");
  const change = el(
    "form",
    { class: "admin-form", "aria-label": `Change ${user.name}` },
    field("Name shown", displayName),
    field("Role", role),
    field("E-mail for notices", email),
    field("Phone for text messages", phone),
    el("button", { type: "submit" }, "Save"),
    formError(),
  );
  change.addEventListener(
    "submit",
    submitting(change, async () => {
      await post(
        "/api/users/:id",
        { id: user.id },
        {
          ...{ displayName: displayName.value.trim(), role: role.value as User["role"] },
          ...{ email: orNull(email.value), phone: orNull(phone.value) },
        },
      );
      await onDone();
    }),
  );
  const password = text("password", "", "password");
  const reset = el(
    "form",
    { class: "admin-form", "aria-label": `New password for ${user.name}` },
    field("New password", password, `${PASSWORD_RULE} Their sessions end; a disabled account opens again.`),
    el("button", { type: "submit" }, "Set password"),
    formError(),
  );
  reset.addEventListener(
    "submit",
    submitting(reset, async () => {
      await post("/api/users/:id/password", { id: user.id }, { password: password.value });
      await onDone();
    }),
  );
  const disable = el(
    "form",
    { class: "admin-form", "aria-label": `Disable ${user.name}` },
    el("button", { type: "submit", class: "danger" }, "Disable account"),
    formError(),
  );
  disable.addEventListener(
    "submit",
    submitting(disable, async () => {
      if (!confirm(`Disable ${user.displayName}? They are signed out and cannot sign in.`)) return;
      await post("/api/users/:id/disable", { id: user.id });
      await onDone();
    }),
  );
  return el(
    "details",
    {},
    el("summary", {}, `Change ${user.name}`),
    change,
    reset,
    user.disabled ? null : disable,
  );
}

export async function adminUsers(root: HTMLElement, _page: Page): Promise<void> {
  const list = el("div", {});
  const draw = async () => {
    const users = await get("/api/users");
    list.replaceChildren(
      table(
        ["Name", "Shown as", "Role", "E-mail", "Phone", "Account", "Actions"],
        users.map((u) => [
          u.name,
          u.displayName,
          ROLE_TEXT[u.role],
          u.email ?? "",
          u.phone ?? "",
          u.disabled ? "disabled" : "can sign in",
          personForms(u, draw),
        ]),
        { "aria-label": "People" },
      ),
    );
  };
  await draw();
  root.replaceChildren(el("h1", {}, "People"), list, newPersonForm(draw));
}
