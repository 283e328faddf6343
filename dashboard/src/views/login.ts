// Sign in. The gateway sets the session cookie; the page then loads as the user's role allows.
import { post } from "../api.js";
import { el, field } from "../dom.js";
import type { User } from "../types.js";
import { formError, submitting } from "../ui.js";

export function loginView(root: HTMLElement, signedIn: (user: User) => void): void {
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
    { class: "login", "aria-label": "Sign in" },
    field("Name", name),
    field("Password", password),
    el("button", { type: "submit" }, "Sign in"),
    formError(),
  );
  form.addEventListener(
    "submit",
    submitting(form, async () => {
      const { user } = await post<{ user: User }>("/api/login", {
        name: name.value,
        password: password.value,
      });
      signedIn(user);
    }),
  );
  root.replaceChildren(
    el(
      "div",
      { class: "login-box" },
      el("h1", {}, "MilkGuard"),
      el("p", {}, "Sign in to see your milk."),
      form,
    ),
  );
  name.focus();
}
