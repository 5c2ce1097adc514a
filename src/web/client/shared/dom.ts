/**
 * The few DOM helpers every page script uses. Text is only ever set with textContent (never
 * innerHTML), so nothing the API returns can become markup.
 */

/** A new element with its text and class, both optional. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string | number | null,
  className?: string | null,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

/** The element with this id, which the page always renders (a missing one is a page bug). */
export function required<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`The page has no #${id}.`);
  return node as T;
}

/** The first element matching the selector inside `scope`, which the page always renders. */
export function requiredIn<T extends Element = HTMLElement>(scope: ParentNode, selector: string): T {
  const node = scope.querySelector<T>(selector);
  if (!node) throw new Error(`The page has no ${selector}.`);
  return node;
}

/** An id or path segment put into a URL. */
export const enc = encodeURIComponent;

/**
 * Names the page in the browser's tab once its data is known, keeping what the server put after
 * the page's own name (" · " and the product name, PRODUCT_NAME).
 */
export function setPageTitle(name: string): void {
  const separator = document.title.lastIndexOf(' · ');
  document.title = separator >= 0 ? `${name}${document.title.slice(separator)}` : name;
}
