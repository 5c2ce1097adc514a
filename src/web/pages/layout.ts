import { ASSETS } from '../assets/assets';
import { Html, html } from './html';

export interface LayoutOptions {
  readonly title: string;
  readonly main: Html;
  /** Asset URLs of scripts to load (deferred, same origin). */
  readonly scripts?: readonly string[];
  readonly wide?: boolean;
}

/** The document around every page: one stylesheet, optional scripts, nothing inline. */
export function layout({ title, main, scripts = [], wide = false }: LayoutOptions): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="stylesheet" href="${ASSETS.css.url}">
${scripts.map((src) => html`<script src="${src}" defer></script>\n`)}</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><span class="brand">Invite links</span></header>
<main id="main"${wide ? html` class="wide"` : ''}>
${main}
</main>
<footer class="site-footer"><a href="/terms">Terms of Service</a> · <a href="/privacy">Privacy Policy</a></footer>
</body>
</html>
`.value;
}
