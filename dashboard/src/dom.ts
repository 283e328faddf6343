// The one way the dashboard puts text on the page: every string becomes a text node or an attribute
// value set through the DOM, never HTML, so a bag label or an alert comment cannot inject markup.

export type Child = Node | string | number | null | undefined | false;
type Handler = (event: Event) => void;
export type Props = Record<string, string | number | boolean | undefined | Handler>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === "function") node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, "");
    else if (value !== false && value !== undefined) node.setAttribute(name, String(value));
  }
  append(node, children.flat());
  return node;
}

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** a link inside the page; ids are encoded so that they cannot break out of the path */
export function pageLink(path: string[], props: Props, ...children: Child[]): HTMLAnchorElement {
  return el("a", { ...props, href: `#/${path.map(encodeURIComponent).join("/")}` }, ...children);
}

/** a labelled form field (label text, then the control) */
export function field(label: string, control: HTMLElement, hint?: string): HTMLLabelElement {
  return el("label", { class: "field" }, el("span", {}, label), control, hint ? el("small", {}, hint) : null);
}

const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

/**
 * Call before a redraw that replaces or moves nodes in `container`; the function it returns, called
 * after, gives focus back to the element that had it, found again by its stable key (`data-unit-id`,
 * `data-alert-id`): a live update must not pull the page from under a keyboard or screen-reader user.
 */
export function keepFocus(container: HTMLElement, key: string): () => void {
  const active = document.activeElement;
  const keyed = active instanceof HTMLElement ? active.closest<HTMLElement>(`[${key}]`) : null;
  const value = keyed && container.contains(keyed) ? keyed.getAttribute(key) : null;
  // the focused control's place among its keyed element's controls (the element itself: -1)
  const place =
    keyed && active !== keyed ? [...keyed.querySelectorAll(FOCUSABLE)].indexOf(active as Element) : -1;
  return () => {
    if (value === null || document.activeElement === active) return;
    const again = container.querySelector<HTMLElement>(`[${key}="${CSS.escape(value)}"]`);
    const target = place < 0 ? again : again?.querySelectorAll<HTMLElement>(FOCUSABLE)[place];
    target?.focus({ preventScroll: true });
  };
}

/** moves focus to what an action produced (its result line), so it is read out and the user goes on from there */
export function focusResult(node: HTMLElement | null): void {
  if (!node) return;
  node.setAttribute("tabindex", "-1");
  node.focus();
}
