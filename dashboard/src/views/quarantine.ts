// Readings sensors sent that the gateway refused (a clock that was wrong, a value it cannot read):
// kept here with why, out of the charts and the rules, until an admin releases them (docs/api.md).
import { get, post } from "../api.js";
import { el, field } from "../dom.js";
import { dateTime } from "../format.js";
import type { Page } from "../page.js";
import { empty, formError, submitting, table } from "../ui.js";

/** the reasons in words; a field reason ("r[].c:not_a_number") is a value the gateway cannot read */
const REASON: Record<string, string> = {
  future_time: "Time in the future: the sensor's clock ran ahead",
  before_earliest_time: "Time before 2026: the sensor's clock was not set",
  uptime_of_other_boot: "Timed by an earlier start of the sensor: cannot be placed",
};
const reasonText = (reason: string) => REASON[reason] ?? `Value it cannot read (${reason})`;

export async function quarantineView(root: HTMLElement, page: Page): Promise<void> {
  const units = new Map((await get("/api/units")).map((u) => [u.id, u.name]));
  const device = el("input", { name: "deviceId", placeholder: "all sensors" });
  const reason = el("select", { name: "reason" }, el("option", { value: "" }, "every reason"));
  const summary = el("div", { "aria-live": "polite" });
  const list = el("div", {});
  const mayRelease = page.user.can.releaseQuarantine;

  const draw = async () => {
    const filter = { deviceId: device.value.trim() || undefined, reason: reason.value || undefined };
    const q = await get("/api/quarantine", { ...filter, limit: 1000 });
    const chosen = reason.value;
    reason.replaceChildren(
      el("option", { value: "" }, "every reason"),
      ...Object.keys(q.heldByReason).map((r) =>
        el("option", { value: r, selected: r === chosen }, reasonText(r)),
      ),
    );
    summary.replaceChildren(
      el(
        "p",
        { class: `notice tone-${q.held === 0 ? "ok" : "warning"}` },
        q.held === 0
          ? "✓ No refused readings are waiting."
          : `⚠ ${q.held} refused reading${q.held === 1 ? "" : "s"} waiting: ` +
              Object.entries(q.heldByReason)
                .map(([r, n]) => `${n} × ${reasonText(r)}`)
                .join("; "),
      ),
      ...q.overflow.map((o) =>
        el(
          "p",
          { class: "notice tone-critical" },
          `‼ Sensor ${o.deviceId}: ${o.count} more refused readings were not kept (its quarantine was full), the last ${dateTime(o.lastAtMs)}.`,
        ),
      ),
    );
    list.replaceChildren(
      q.readings.length === 0
        ? empty("Nothing here.")
        : table(
            [
              ...(mayRelease ? ["Release"] : []),
              "Received",
              "Sensor",
              "Unit",
              "No.",
              "Why",
              "Its time",
              "As sent",
            ],
            q.readings.map((r) => [
              ...(mayRelease
                ? [
                    el("input", {
                      type: "checkbox",
                      name: "id",
                      value: r.id,
                      "aria-label": `release reading ${r.id}`,
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
    field("Sensor", device),
    field("Why", reason),
    el("button", { type: "submit" }, "Show"),
  );
  root.append(
    el("h1", {}, "Quarantine"),
    el(
      "p",
      {},
      "Readings the sensors sent that MilkGuard refused. They are kept here, not in the charts or the rules, until they are released.",
    ),
    summary,
    filterForm,
    list,
  );
  if (mayRelease) root.append(releaseForm(list, draw));
  await draw();
}

/** an admin releases the ticked readings, with a clock correction when the sensor's clock was wrong */
function releaseForm(list: HTMLElement, redraw: () => Promise<void>): HTMLFormElement {
  const offset = el("input", { name: "offsetS", type: "number", step: "1", value: "0" });
  const comment = el("input", { name: "comment", placeholder: "why these may be released" });
  const result = el("p", { "aria-live": "polite" });
  const form = el(
    "form",
    { class: "toolbar" },
    field(
      "Clock correction (seconds)",
      offset,
      "added to each reading's time: -86400 for a clock a day ahead",
    ),
    field("Comment", comment),
    el("button", { type: "submit" }, "Release ticked readings"),
    formError(),
    result,
  );
  form.addEventListener(
    "submit",
    submitting(form, async () => {
      const ids = [...list.querySelectorAll<HTMLInputElement>("input[name=id]:checked")].map((c) =>
        Number(c.value),
      );
      if (ids.length === 0) throw new Error("Tick the readings to release first.");
      const done = await post("/api/quarantine/release", {
        ids,
        offsetS: Number(offset.value) || 0,
        comment: comment.value,
      });
      const whys = [...new Set(done.kept.map((k) => reasonText(k.why)))].join("; ");
      const stay = done.kept.length ? ` ${done.kept.length} stay: ${whys}.` : "";
      result.textContent = `✓ ${done.released} released and stored; the rules take them as late readings.${stay}`;
      await redraw();
    }),
  );
  return form;
}
