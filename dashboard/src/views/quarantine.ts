// Readings sensors sent that the gateway refused (a clock that was wrong, a value it cannot read):
// kept here with why, out of the charts and the rules, until an admin releases them (docs/api.md).
import { get, post } from "../api.js";
import { el, field } from "../dom.js";
import { dateTime } from "../format.js";
import { plural, t } from "../i18n/reader.js";
import type { Page } from "../page.js";
import { empty, formError, submitting, table } from "../ui.js";

/** the reasons in words; a field reason ("r[].c:not_a_number") is a value the gateway cannot read */
const reasonText = (reason: string) => {
  const words = t().quarantine;
  return words.reasons[reason] ?? words.unreadable(reason);
};

export async function quarantineView(root: HTMLElement, page: Page): Promise<void> {
  const units = new Map((await get("/api/units")).map((u) => [u.id, u.name]));
  const words = t().quarantine;
  const device = el("input", { name: "deviceId", placeholder: words.allSensors });
  const reason = el("select", { name: "reason" }, el("option", { value: "" }, words.everyReason));
  const summary = el("div", { "aria-live": "polite" });
  const list = el("div", {});
  const mayRelease = page.user.can.releaseQuarantine;

  const draw = async () => {
    const filter = { deviceId: device.value.trim() || undefined, reason: reason.value || undefined };
    const q = await get("/api/quarantine", { ...filter, limit: 1000 });
    const chosen = reason.value;
    reason.replaceChildren(
      el("option", { value: "" }, words.everyReason),
      ...Object.keys(q.heldByReason).map((r) =>
        el("option", { value: r, selected: r === chosen }, reasonText(r)),
      ),
    );
    summary.replaceChildren(
      el(
        "p",
        { class: `notice tone-${q.held === 0 ? "ok" : "warning"}` },
        q.held === 0
          ? words.noneWaiting
          : plural(words.waiting, q.held) +
              Object.entries(q.heldByReason)
                .map(([r, n]) => `${n} × ${reasonText(r)}`)
                .join("; "),
      ),
      ...q.overflow.map((o) =>
        el("p", { class: "notice tone-critical" }, words.overflow(o.deviceId, o.count, dateTime(o.lastAtMs))),
      ),
    );
    list.replaceChildren(
      q.readings.length === 0
        ? empty(words.nothing)
        : table(
            [...(mayRelease ? [words.release] : []), ...words.columns],
            q.readings.map((r) => [
              ...(mayRelease
                ? [
                    el("input", {
                      type: "checkbox",
                      name: "id",
                      value: r.id,
                      "aria-label": words.releaseOne(r.id),
                    }),
                  ]
                : []),
              dateTime(r.receivedAtMs),
              r.deviceId,
              units.get(r.unitId) ?? r.unitId,
              r.seq === null ? "–" : String(r.seq),
              reasonText(r.reason),
              r.placedAtMs === null ? "–" : dateTime(r.placedAtMs),
              el("code", {}, r.raw),
            ]),
            { class: "quarantine" },
          ),
    );
  };

  const filterForm = el(
    "form",
    {
      class: "toolbar",
      onsubmit: (event: Event) => {
        event.preventDefault();
        void draw();
      },
    },
    field(words.sensor, device),
    field(words.why, reason),
    el("button", { type: "submit" }, words.show),
  );
  root.append(el("h1", {}, words.title), el("p", {}, words.intro), summary, filterForm, list);
  if (mayRelease) root.append(releaseForm(list, draw));
  await draw();
}

/** an admin releases the ticked readings, with a clock correction when the sensor's clock was wrong */
function releaseForm(list: HTMLElement, redraw: () => Promise<void>): HTMLFormElement {
  const words = t().quarantine;
  const offset = el("input", { name: "offsetS", type: "number", step: "1", value: "0" });
  const comment = el("input", { name: "comment", placeholder: words.commentPlaceholder });
  const result = el("p", { "aria-live": "polite" });
  const form = el(
    "form",
    { class: "toolbar" },
    field(words.offset, offset, words.offsetHint),
    field(words.comment, comment),
    el("button", { type: "submit" }, words.releaseButton),
    formError(),
    result,
  );
  form.addEventListener(
    "submit",
    submitting(form, async () => {
      const ids = [...list.querySelectorAll<HTMLInputElement>("input[name=id]:checked")].map((c) =>
        Number(c.value),
      );
      if (ids.length === 0) throw new Error(words.tickFirst);
      const done = await post("/api/quarantine/release", {
        ids,
        offsetS: Number(offset.value) || 0,
        comment: comment.value,
      });
      const whys = [...new Set(done.kept.map((k) => reasonText(k.why)))].join("; ");
      const stay = done.kept.length ? plural(words.stay, done.kept.length).replace("{whys}", whys) : "";
      result.textContent = plural(words.released, done.released) + stay;
      await redraw();
    }),
  );
  return form;
}
