// The admin's units page: every freezer, fridge, cool box and room with its profile and owner, and
// the form to add one. Choosing a profile shows its limits, each with where the number comes from
// (the published guidance, or the site's own override in its configuration).
import type { Sourced, StorageProfile } from "../../../shared/api/answers.js";
import { get, post } from "../api.js";
import { el, field } from "../dom.js";
import type { Page } from "../page.js";
import { formError, submitting, table } from "../ui.js";

const LIMITS: [keyof StorageProfile, string][] = [
  ["warningHighC", "Warning above, °C"],
  ["criticalHighC", "Critical above, °C"],
  ["lowC", "Too cold below, °C"],
  ["alarmDelayMin", "Alarm after, minutes"],
  ["hysteresisC", "Clears this far inside, °C"],
  ["intervalS", "A reading every, seconds"],
  ["silentAfterMin", "Silence expected up to, minutes"],
];

function limitsOf(profile: StorageProfile | undefined): HTMLElement {
  if (!profile) return el("p", {}, "");
  const rows = LIMITS.flatMap(([key, what]) => {
    const n = profile[key] as Sourced | undefined;
    return n ? [[what, String(n.value), n.source]] : [];
  });
  return table(["Limit", "Value", "Source"], rows, { "aria-label": `Limits of ${profile.name}` });
}

export async function adminUnits(root: HTMLElement, page: Page): Promise<void> {
  const [{ profiles }, users] = await Promise.all([page.profiles(), get("/api/users")]);
  const nameOf = new Map(users.map((u) => [u.id, u.displayName]));
  const list = el("div", {});
  const draw = async () => {
    const units = await get("/api/units");
    list.replaceChildren(
      table(
        ["Unit", "Profile", "Owner"],
        units.map((u) => [
          u.name,
          u.profile?.name ?? u.profileId,
          u.ownerId ? (nameOf.get(u.ownerId) ?? u.ownerId) : "the site",
        ]),
        { "aria-label": "Units" },
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
    el("option", { value: "" }, "the site (milk bank)"),
    ...users.filter((u) => u.role === "donor").map((u) => el("option", { value: u.id }, u.displayName)),
  );
  const limits = el("div", { "aria-live": "polite" });
  const showLimits = () => limits.replaceChildren(limitsOf(profiles.find((p) => p.id === profile.value)));
  profile.addEventListener("change", showLimits);
  showLimits();
  const form = el(
    "form",
    { class: "admin-form", "aria-label": "Add a unit" },
    el("h2", {}, "Add a unit"),
    field("Name", name, "e.g. Chest freezer 2, Anna's freezer"),
    field("Profile", profile),
    limits,
    field("Owner", owner, "a donor sees only her own units"),
    el("button", { type: "submit" }, "Add"),
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
  root.replaceChildren(el("h1", {}, "Units"), list, form);
}
