// The acknowledge and resolve forms of one alert. They live apart from the rest of the alert's page
// and are kept, node for node, when the alert changes under the user (someone else acknowledges, a
// reading ends the condition, the alert escalates): a redraw would throw away a half-typed comment
// and the focus in it. A form whose action the change took away goes, unless it holds text not yet
// sent: that stays, its button disabled, with a note saying why.
import { ONGOING_KINDS } from "../../../shared/rules/kinds.js";
import { post } from "../api.js";
import { el, field } from "../dom.js";
import { ALERT_STATE } from "../format.js";
import { t } from "../i18n/reader.js";
import type { Alert } from "../types.js";
import { formError, submitting } from "../ui.js";

/** draws the alert's page again, then focuses what matches the selector (an action's result) */
export type Redraw = (focusOn?: string) => Promise<void>;

type Kind = "acknowledge" | "resolve-later" | "resolve";
/** the order the forms stand in on the page */
const ORDER: Kind[] = ["acknowledge", "resolve-later", "resolve"];

interface Action {
  node: HTMLElement;
  /** brings the form in line with the alert: required fields, hints, the note when overtaken */
  update(alert: Alert, applies: boolean): void;
  /** text typed and not sent */
  unsent(): boolean;
}

/** an alert about a state of the unit can be closed only once the rules see that state over */
function stillGoingOn(alert: Alert): boolean {
  return ONGOING_KINDS.includes(alert.kind) && alert.clearedAtMs === undefined;
}

function kindsFor(alert: Alert): Kind[] {
  if (alert.state === "resolved") return [];
  const close: Kind = stillGoingOn(alert) ? "resolve-later" : "resolve";
  return alert.state === "open" ? ["acknowledge", close] : [close];
}

/**
 * The forms' container and `show(alert)`, called at every draw. It returns false when the form that
 * had focus went (its action was taken away), so the page can give focus to the new state instead.
 */
export function alertActions(alertId: string, redraw: Redraw) {
  const root = el("div", { class: "alert-actions" });
  const shown = new Map<Kind, Action>();
  const show = (alert: Alert): boolean => {
    const wanted = kindsFor(alert);
    let focusKept = true;
    for (const [kind, action] of shown) {
      const applies = wanted.includes(kind);
      if (applies || action.unsent()) {
        action.update(alert, applies);
        continue;
      }
      if (action.node.contains(document.activeElement)) focusKept = false;
      action.node.remove();
      shown.delete(kind);
    }
    for (const kind of wanted) {
      if (shown.has(kind)) continue;
      const action = create(kind, alertId, redraw);
      action.update(alert, true);
      // inserted before the next form in ORDER: the forms kept are not moved (a move drops focus)
      const next = ORDER.slice(ORDER.indexOf(kind) + 1)
        .map((k) => shown.get(k)?.node)
        .find((node) => node !== undefined);
      root.insertBefore(action.node, next ?? null);
      shown.set(kind, action);
    }
    return focusKept;
  };
  return { root, show };
}

function create(kind: Kind, alertId: string, redraw: Redraw): Action {
  if (kind === "acknowledge") return acknowledgeForm(alertId, redraw);
  if (kind === "resolve") return resolveForm(alertId, redraw);
  const words = t().alerts;
  const node = el(
    "div",
    { "data-action": kind },
    el("h2", {}, words.resolve),
    el("p", { class: "resolve-later" }, words.resolveLater),
  );
  return { node, update: () => {}, unsent: () => false };
}

function acknowledgeForm(alertId: string, redraw: Redraw): Action {
  const words = t().alerts;
  const comment = el("textarea", { name: "comment", rows: 2, maxlength: 2000 });
  const hint = el("small", {});
  const form = actionForm(words.acknowledge, field(words.comment, comment), async () => {
    await post("/api/alerts/:id/acknowledge", { id: alertId }, { comment: comment.value });
    form.reset();
    await redraw(".ack");
  });
  form.querySelector(".field")?.append(hint);
  return {
    node: el("div", { "data-action": "acknowledge" }, el("h2", {}, words.acknowledge), form),
    update(alert, applies) {
      // an alert that escalated to critical asks for a word on what is being done
      comment.required = alert.severity === "critical";
      hint.textContent = comment.required ? words.commentCritical : words.commentHint;
      overtaken(form, alert, applies);
    },
    unsent: () => comment.value.trim() !== "",
  };
}

function resolveForm(alertId: string, redraw: Redraw): Action {
  const words = t().alerts;
  const action = el("textarea", { name: "correctiveAction", rows: 2, required: true, maxlength: 2000 });
  const label = field(words.correctiveAction, action, words.correctiveHint);
  const form = actionForm(words.resolve, label, async () => {
    await post("/api/alerts/:id/resolve", { id: alertId }, { correctiveAction: action.value });
    form.reset();
    await redraw(".resolution");
  });
  return {
    node: el("div", { "data-action": "resolve" }, el("h2", {}, words.resolve), form),
    update: (alert, applies) => overtaken(form, alert, applies),
    unsent: () => action.value.trim() !== "",
  };
}

function actionForm(name: string, control: HTMLElement, send: () => Promise<void>): HTMLFormElement {
  const form = el(
    "form",
    { class: "alert-action", "aria-label": name },
    control,
    el("p", { class: "not-sent", hidden: true }),
    el("button", { type: "submit" }, name),
    formError(),
  );
  form.addEventListener("submit", submitting(form, send));
  return form;
}

/** a form kept only for the text in it: say that it was not sent, and that it cannot be now */
function overtaken(form: HTMLFormElement, alert: Alert, applies: boolean): void {
  const note = form.querySelector<HTMLElement>(".not-sent");
  const button = form.querySelector<HTMLButtonElement>("button[type=submit]");
  if (!note || !button) return;
  note.hidden = applies;
  note.textContent = applies ? "" : t().alerts.notSent(ALERT_STATE[alert.state].text.toLocaleLowerCase());
  button.disabled = !applies;
}
