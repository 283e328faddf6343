// Sign in. The gateway sets the session cookie; the page then loads as the user's role allows.
import { get, post } from "../api.js";
import { el, field } from "../dom.js";
import { readAsBrowser, t } from "../i18n/reader.js";
import type { Me } from "../types.js";
import { formError, submitting } from "../ui.js";

export function loginView(root: HTMLElement, signedIn: (user: Me) => void): void {
  // nobody is signed in yet: the page speaks the browser's language
  document.documentElement.lang = readAsBrowser(navigator.languages);
  const words = t().login;
  const name = el("input", {
    name: "name",
    autocomplete: "username",
    required: true,
    autocapitalize: "none",
  });
  const password = el("input", {
    name: "password",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  const form = el(
    "form",
    { class: "login", "aria-label": words.signIn },
    field(words.name, name),
    field(words.password, password),
    el("button", { type: "submit" }, words.signIn),
    formError(),
  );
  form.addEventListener(
    "submit",
    submitting(form, async () => {
      await post("/api/login", { name: name.value, password: password.value });
      // what the user may do comes with who they are (GET /api/me), not with the sign-in
      signedIn(await get("/api/me"));
    }),
  );
  root.replaceChildren(
    el(
      "main",
      { id: "main" },
      el("div", { class: "login-box" }, el("h1", {}, "MilkGuard"), el("p", {}, words.welcome), form),
    ),
  );
  name.focus();
}
