// The first start of a real site: the link the gateway printed opens this page, which creates the
// first admin (POST /api/setup) with a password that follows the site's rule, explained beside it.

import { PASSWORD_RULE } from "../../../shared/api/password-rule.js";
import { post } from "../api.js";
import { el, field } from "../dom.js";
import { formError, submitting } from "../ui.js";

/** `done` shows the sign-in, with the new admin's name */
export function setupView(root: HTMLElement, token: string, done: (name: string) => void): void {
  const name = el("input", {
    name: "name",
    autocomplete: "username",
    required: true,
    autocapitalize: "none",
  });
  const displayName = el("input", { name: "displayName", autocomplete: "name", required: true });
  const password = el("input", {
    name: "password",
    type: "password",
    autocomplete: "new-password",
    required: true,
  });
  const again = el("input", {
    name: "again",
    type: "password",
    autocomplete: "new-password",
    required: true,
  });
  const form = el(
    "form",
    { class: "login", "aria-label": "Create the first admin" },
    field("Name to sign in with", name),
    field("Name shown to others", displayName, "e.g. Nora Jones, milk bank manager"),
    field("Password", password, PASSWORD_RULE),
    field("Password again", again),
    el("button", { type: "submit" }, "Create the admin"),
    formError(),
  );
  form.addEventListener(
    "submit",
    submitting(form, async () => {
      if (password.value !== again.value) throw new Error("The two passwords differ.");
      await post("/api/setup", {
        token,
        name: name.value,
        displayName: displayName.value,
        password: password.value,
      });
      done(name.value);
    }),
  );
  root.replaceChildren(
    el(
      "div",
      { class: "login-box" },
      el("h1", {}, "Set up MilkGuard"),
      el(
        "p",
        {},
        "This site has no admin yet. The admin adds the freezers, fridges and cool boxes, the sensors " +
          "in them, and the people: staff, couriers and donors. This link works once, for an hour.",
      ),
      form,
    ),
  );
  name.focus();
}
