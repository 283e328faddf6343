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
