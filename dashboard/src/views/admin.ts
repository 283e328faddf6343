// The admin's pages: people, units and sensors, each shown to whoever the gateway lets do it.
import { el, pageLink } from "../dom.js";
import type { Page, View } from "../page.js";
import type { Me } from "../types.js";
import { adminDevices } from "./admin-devices.js";
import { adminUnits } from "./admin-units.js";
import { adminUsers } from "./admin-users.js";

const SECTIONS: { path: string; title: string; what: string; may: (user: Me) => boolean; view: View }[] = [
  {
    path: "users",
    title: "People",
    what: "staff, couriers and donors: their role, e-mail and phone, passwords",
    may: (u) => u.can.createUsers,
    view: adminUsers,
  },
  {
    path: "units",
    title: "Units",
    what: "freezers, fridges and cool boxes, with their limits",
    may: (u) => u.can.createUnits,
    view: adminUnits,
  },
  {
    path: "devices",
    title: "Sensors",
    what: "adding a sensor and its config file, new secrets, retiring",
    may: (u) => u.can.provisionDevices,
    view: adminDevices,
  },
];

/** whether the user may use any admin page (the navigation shows "Admin" then) */
export const mayAdminister = (user: Me) => SECTIONS.some((s) => s.may(user));

export async function adminHome(root: HTMLElement, page: Page): Promise<void> {
  root.replaceChildren(
    el("h1", {}, "Admin"),
    el(
      "ul",
      { class: "admin-sections" },
      ...SECTIONS.filter((s) => s.may(page.user)).map((s) =>
        el("li", {}, pageLink(["admin", s.path], {}, s.title), `: ${s.what}`),
      ),
    ),
  );
}

export async function adminSection(root: HTMLElement, page: Page): Promise<void> {
  const section = SECTIONS.find((s) => s.path === page.params[0] && s.may(page.user));
  if (!section) return adminHome(root, page);
  await section.view(root, page);
}
