// The first start of a real site: the link the gateway printed opens this page, which creates the
// first admin (POST /api/setup) with a password that follows the site's rule, explained beside it.

import { post } from "../api.js";
import { el, field } from "../dom.js";
import { readAsBrowser, t } from "../i18n/reader.js";
import { formError, submitting } from "../ui.js";

/** `done` shows the sign-in, with the new admin's name */
export function setupView(root: HTMLElement, token: string, done: (name: string) => void): void {
  document.documentElement.lang = readAsBrowser(navigator.languages);
  const words = t().setup;
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
    { class: "login", "aria-label": words.form },
    field(words.name, name),
    field(words.shownName, displayName, words.shownNameHint),
    field(words.password, password, t().users.passwordRule),
    field(words.again, again),
    el("button", { type: "submit" }, words.create),
    formError(),
  );
  form.addEventListener(
    "submit",
    submitting(form, async () => {
      if (password.value !== again.value) throw new Error(words.differ);
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
    el("div", { class: "login-box" }, el("h1", {}, words.title), el("p", {}, words.intro), form),
  );
  name.focus();
}
