import { ASSETS } from '../assets/assets';
import { Html, html } from './html';
import { productName } from './product-name';

export interface LayoutOptions {
  readonly title: string;
  readonly main: Html;
  /** Asset URLs of scripts to load (deferred, same origin). */
  readonly scripts?: readonly string[];
  readonly wide?: boolean;
  /**
   * The name in the site header. The join page names the organization a person is joining (they
   * may never have heard of the product); every other page names the product (PRODUCT_NAME).
   */
  readonly brand?: string;
}

/** The document around every page: one stylesheet, its icon, optional scripts, nothing inline. */
export function layout({ title, main, scripts = [], wide = false, brand }: LayoutOptions): string {
  const product = productName();
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · ${product}</title>
<link rel="icon" href="${ASSETS.favicon.url}" type="image/svg+xml">
<link rel="stylesheet" href="${ASSETS.css.url}">
${scripts.map((src) => html`<script src="${src}" defer></script>\n`)}</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><span class="brand">${brand ?? product}</span></header>
<main id="main"${wide ? html` class="wide"` : ''}>
${main}
</main>
<footer class="site-footer"><a href="/terms">Terms of Service</a> · <a href="/privacy">Privacy Policy</a></footer>
</body>
</html>
`.value;
}
