// The admin's pages: people, units and sensors, each shown to whoever the gateway lets do it.
import { el, pageLink } from "../dom.js";
import { t } from "../i18n/reader.js";
import type { Page, View } from "../page.js";
import type { Me } from "../types.js";
import { adminDevices } from "./admin-devices.js";
import { adminUnits } from "./admin-units.js";
import { adminUsers } from "./admin-users.js";

/** each section's title and what it is for are in the catalogue, under its path */
const SECTIONS: { path: "users" | "units" | "devices"; may: (user: Me) => boolean; view: View }[] = [
  { path: "users", may: (u) => u.can.createUsers, view: adminUsers },
  { path: "units", may: (u) => u.can.createUnits, view: adminUnits },
  { path: "devices", may: (u) => u.can.provisionDevices, view: adminDevices },
];

/** whether the user may use any admin page (the navigation shows "Admin" then) */
export const mayAdminister = (user: Me) => SECTIONS.some((s) => s.may(user));

export async function adminHome(root: HTMLElement, page: Page): Promise<void> {
  const words = t().admin;
  root.replaceChildren(
    el("h1", {}, words.title),
    el(
      "ul",
      { class: "admin-sections" },
      ...SECTIONS.filter((s) => s.may(page.user)).map((s) => {
        const [title, what] = words.sections[s.path];
        return el("li", {}, pageLink(["admin", s.path], {}, title), `: ${what}`);
      }),
    ),
  );
}

export async function adminSection(root: HTMLElement, page: Page): Promise<void> {
  const section = SECTIONS.find((s) => s.path === page.params[0] && s.may(page.user));
  if (!section) return adminHome(root, page);
  await section.view(root, page);
}
