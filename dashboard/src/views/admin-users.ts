// The admin's people page: everyone who signs in, and the forms to add one, change one (name shown,
// role, where their notices go), give a new password and disable an account. Every change is
// audited by the gateway; a disabled account's sessions end at once.

import { ROLES } from "../../../shared/api/records.js";
import { get, post } from "../api.js";
import { el, field } from "../dom.js";
import { t } from "../i18n/reader.js";
import type { Page } from "../page.js";
import type { User } from "../types.js";
import { formError, submitting, table } from "../ui.js";

const roleSelect = (chosen: User["role"] = "donor") =>
  el(
    "select",
    { name: "role" },
    ...ROLES.map((r) => el("option", { value: r, selected: r === chosen }, t().users.roles[r])),
  );
const text = (name: string, value = "", type = "text") => el("input", { name, value, type });
/** an empty field clears the e-mail or phone; the gateway checks the form */
const orNull = (value: string) => (value.trim() === "" ? null : value.trim());

function newPersonForm(onDone: () => Promise<void>): HTMLFormElement {
  const words = t().users;
  const name = text("name");
  const displayName = text("displayName");
  const role = roleSelect();
  const email = text("email", "", "email");
  const phone = text("phone", "", "tel");
  const password = text("password", "", "password");
  const form = el(
    "form",
    { class: "admin-form", "aria-label": words.add },
    el("h2", {}, words.add),
    field(words.signInName, name),
    field(words.shownName, displayName),
    field(words.role, role),
    field(words.email, email),
    field(words.phone, phone, words.phoneHint),
    field(words.password, password, words.passwordRule),
    el("button", { type: "submit" }, words.addButton),
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
  const words = t().users;
  const displayName = text("displayName", user.displayName);
  const role = roleSelect(user.role);
  const email = text("email", user.email ?? "", "email");
  const phone = text("phone", user.phone ?? "", "tel");
  const change = el(
    "form",
    { class: "admin-form", "aria-label": words.change(user.name) },
    field(words.shownName, displayName),
    field(words.role, role),
    field(words.email, email),
    field(words.phone, phone),
    el("button", { type: "submit" }, words.save),
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
    { class: "admin-form", "aria-label": words.newPasswordFor(user.name) },
    field(words.newPassword, password, `${words.passwordRule} ${words.newPasswordHint}`),
    el("button", { type: "submit" }, words.setPassword),
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
    { class: "admin-form", "aria-label": words.disableFor(user.name) },
    el("button", { type: "submit", class: "danger" }, words.disable),
    formError(),
  );
  disable.addEventListener(
    "submit",
    submitting(disable, async () => {
      if (!confirm(words.disableConfirm(user.displayName))) return;
      await post("/api/users/:id/disable", { id: user.id });
      await onDone();
    }),
  );
  return el(
    "details",
    {},
    el("summary", {}, words.change(user.name)),
    change,
    reset,
    user.disabled ? null : disable,
  );
}

export async function adminUsers(root: HTMLElement, _page: Page): Promise<void> {
  const list = el("div", {});
  const words = t().users;
  const draw = async () => {
    const users = await get("/api/users");
    list.replaceChildren(
      table(
        words.columns,
        users.map((u) => [
          u.name,
          u.displayName,
          words.roles[u.role],
          u.email ?? "",
          u.phone ?? "",
          u.disabled ? words.disabled : words.canSignIn,
          personForms(u, draw),
        ]),
        { "aria-label": words.title },
      ),
    );
  };
  await draw();
  root.replaceChildren(el("h1", {}, words.title), list, newPersonForm(draw));
}
