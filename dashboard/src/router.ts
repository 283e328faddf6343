// Hash routes (#/alerts/abc): the gateway serves one index.html, and a hash works from a file, a
// bookmark and a wall screen's kiosk URL alike. Each route renders into a fresh element, so a slow
// answer for a page the user has already left lands in a detached node and shows nowhere.
import { el } from "./dom.js";
import type { Page, View } from "./page.js";
import { errorBox } from "./ui.js";

export interface Route {
  title: string;
  view: View;
}

export function currentPath(): string[] {
  const hash = location.hash.replace(/^#\/?/, "");
  return hash ? hash.split("/").map((p) => decodeURIComponent(p)) : [];
}

export class Router {
  private cleanups: (() => void)[] = [];

  constructor(
    private readonly main: HTMLElement,
    private readonly resolve: (path: string[]) => { route: Route; params: string[] },
    private readonly pageFor: (params: string[], onLeave: (fn: () => void) => void) => Page,
  ) {}

  async render(): Promise<void> {
    this.leave();
    const { route, params } = this.resolve(currentPath());
    document.title = `${route.title} · MilkGuard`;
    const container = el("div", { class: "page" });
    this.main.replaceChildren(container);
    const page = this.pageFor(params, (fn) => this.cleanups.push(fn));
    try {
      await route.view(container, page);
    } catch (err) {
      container.append(errorBox(err));
    }
    // keyboard and screen-reader users start at the new page's heading
    container.querySelector("h1")?.setAttribute("tabindex", "-1");
    if (document.activeElement === document.body || document.activeElement?.closest("nav")) {
      container.querySelector<HTMLElement>("h1")?.focus({ preventScroll: true });
    }
  }

  leave(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}
