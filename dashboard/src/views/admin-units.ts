// The admin's units page: every freezer, fridge, cool box and room with its profile and owner, and
// the form to add one. Choosing a profile shows its limits, each with where the number comes from
// (the published guidance, or the site's own override in its configuration).
import type { Sourced, StorageProfile } from "../../../shared/api/answers.js";
import { get, post } from "../api.js";
import { el, field } from "../dom.js";
import { temp, tempDifference } from "../format.js";
import type { Messages } from "../i18n/en.js";
import { t } from "../i18n/reader.js";
import type { Page } from "../page.js";
import { formError, submitting, table } from "../ui.js";

/** each limit shown, and how its number reads: temperatures in the reader's unit (the profile's are °C) */
const LIMITS: [keyof Messages["units"]["limits"], (value: number) => string][] = [
  ["warningHighC", temp],
  ["criticalHighC", temp],
  ["lowC", temp],
  ["alarmDelayMin", String],
  ["hysteresisC", tempDifference],
  ["intervalS", String],
  ["silentAfterMin", String],
];

function limitsOf(profile: StorageProfile | undefined): HTMLElement {
  if (!profile) return el("p", {}, "");
  const words = t().units;
  const rows = LIMITS.flatMap(([key, shown]) => {
    const n = profile[key] as Sourced | undefined;
    return n ? [[words.limits[key], shown(n.value), n.source]] : [];
  });
  return table(words.limitColumns, rows, { "aria-label": words.limitsOf(profile.name) });
}

export async function adminUnits(root: HTMLElement, page: Page): Promise<void> {
  const [{ profiles }, users] = await Promise.all([page.profiles(), get("/api/users")]);
  const nameOf = new Map(users.map((u) => [u.id, u.displayName]));
  const list = el("div", {});
  const words = t().units;
  const draw = async () => {
    const units = await get("/api/units");
    list.replaceChildren(
      table(
        words.columns,
        units.map((u) => [
          u.name,
          u.profile?.name ?? u.profileId,
          u.ownerId ? (nameOf.get(u.ownerId) ?? u.ownerId) : words.theSite,
        ]),
        { "aria-label": words.title },
      ),
    );
  };

  const name = el("input", { name: "name", required: true });
  const profile = el(
    "select",
    { name: "profileId" },
    ...profiles.map((p) => el("option", { value: p.id }, p.name)),
  );
  const owner = el(
    "select",
    { name: "ownerId" },
    el("option", { value: "" }, words.theSiteBank),
    ...users.filter((u) => u.role === "donor").map((u) => el("option", { value: u.id }, u.displayName)),
  );
  const limits = el("div", { "aria-live": "polite" });
  const showLimits = () => limits.replaceChildren(limitsOf(profiles.find((p) => p.id === profile.value)));
  profile.addEventListener("change", showLimits);
  showLimits();
  const form = el(
    "form",
    { class: "admin-form", "aria-label": words.add },
    el("h2", {}, words.add),
    field(words.name, name, words.nameHint),
    field(words.profile, profile),
    limits,
    field(words.owner, owner, words.ownerHint),
    el("button", { type: "submit" }, words.addButton),
    formError(),
  );
  form.addEventListener(
    "submit",
    submitting(form, async () => {
      await post("/api/units", {
        name: name.value.trim(),
        profileId: profile.value,
        ...(owner.value ? { ownerId: owner.value } : {}),
      });
      name.value = "";
      await draw();
    }),
  );
  await draw();
  root.replaceChildren(el("h1", {}, words.title), list, form);
}
