// Small pieces every view uses: state badges (icon + word + colour), error and empty messages, tables.
import { ApiError } from "./api.js";
import { type Child, el } from "./dom.js";
import { t } from "./i18n/reader.js";

/** `tone` picks the colour; the icon and the word carry the meaning on their own */
export function badge(label: { icon: string; text: string }, tone: string, extra = ""): HTMLSpanElement {
  return el(
    "span",
    { class: `badge tone-${tone}` },
    el("span", { class: "icon", "aria-hidden": "true" }, label.icon),
    ` ${label.text}${extra}`,
  );
}

export function errorText(err: unknown): string {
  const words = t().errors;
  // the gateway writes English: another language says what its stable code means
  if (err instanceof ApiError) return words.codes?.[err.code] ?? err.message;
  // fetch fails with a TypeError when the gateway cannot be reached at all
  if (err instanceof TypeError) return words.unreachable;
  if (err instanceof Error) return err.message;
  return words.unknown;
}

export function errorBox(err: unknown): HTMLElement {
  return el("p", { class: "notice tone-critical", role: "alert" }, "‼ ", errorText(err));
}

export function table(headers: string[], rows: Child[][], props: Record<string, string> = {}): HTMLElement {
  return el(
    "div",
    { class: "table-wrap" },
    el(
      "table",
      props,
      el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col" }, h)))),
      // each cell names its column, for the narrow layout where a row becomes a card
      el(
        "tbody",
        {},
        ...rows.map((cells) =>
          el("tr", {}, ...cells.map((c, i) => el("td", { "data-label": headers[i] ?? "" }, c))),
        ),
      ),
    ),
  );
}

export function empty(text: string): HTMLElement {
  return el("p", { class: "empty" }, text);
}

/** runs a form's action with its button disabled, and shows what went wrong beside it */
export function submitting(form: HTMLFormElement, action: () => Promise<void>): (event: Event) => void {
  return (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    const message = form.querySelector(".form-error");
    button?.setAttribute("disabled", "");
    if (message) message.textContent = "";
    action()
      .catch((err: unknown) => {
        if (message) message.textContent = `‼ ${errorText(err)}`;
      })
      .finally(() => button?.removeAttribute("disabled"));
  };
}

export const formError = () => el("p", { class: "form-error", role: "alert" });

/**
 * A polite live region, off screen: a change under the user (a unit turning critical, a new alert) is
 * read out once, after what they are hearing, instead of the whole redrawn part of the page.
 */
export function announcer(): { region: HTMLElement; say(text: string): void } {
  const region = el("p", { class: "visually-hidden", role: "status" });
  return {
    region,
    say: (text) => {
      region.textContent = text;
    },
  };
}
