type Attr = string | number | boolean | null | undefined | EventListener;
type Child = Node | string | number | null | undefined | false;

/** A tiny element builder: attributes (on… for listeners, true for bare attributes) and children. */
export function h(tag: string, attrs: Record<string, Attr> = {}, ...children: (Child | Child[])[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "object" ? child : String(child));
  }
  return el;
}

/** The value of a form control, native or Fluent (whose value is a property, not an attribute). */
export function valueOf(el: Element): string {
  const v = (el as unknown as { value?: unknown }).value;
  return typeof v === "string" ? v : (el.getAttribute("value") ?? "");
}

export function checkedOf(el: Element): boolean {
  const c = (el as unknown as { checked?: unknown }).checked;
  return typeof c === "boolean" ? c : el.hasAttribute("checked");
}

let counter = 0;
/** Ids for aria-labelledby, unique in the page. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * Fluent's select takes its initial value from its options only once connected: give each select its value
 * (data-value) after it is in the page. Handlers ignore a change to the value they already have.
 */
export function applySelectValues(root: ParentNode): void {
  for (const select of root.querySelectorAll<HTMLElement>("fluent-select[data-value]")) {
    const wanted = select.dataset.value ?? "";
    if (valueOf(select) !== wanted) (select as unknown as { value: string }).value = wanted;
  }
}
