import { ASSETS } from '../assets/assets';
import { Html, html } from '../pages/html';
import { layout } from '../pages/layout';
import { CSRF_FIELD } from '../../shared/http/security/csrf';

/**
 * The admin dashboard's pages are shells: the data (tenants, users, roles, the invite link)
 * comes from the public JSON API (docs/http-api.md), fetched by /assets/admin.<hash>.js with the session
 * cookie. The shells carry only what the URL and the session already say (tenant id, MSP id)
 * and the CSRF token the script sends with its unsafe calls.
 */
export interface AdminShellModel {
  readonly mspId: string;
  readonly csrfToken: string;
}

export interface TenantUsersPageModel extends AdminShellModel {
  readonly tenantId: string;
  /** Microsoft sign-in is configured: the dialog offers the allowed Microsoft organizations. */
  readonly microsoft: boolean;
  /** Mail is configured (SMTP_URL): the dialog can offer to require email verification. */
  readonly mail: boolean;
  /** False for an admin with `view_audit_log` only: no Add Users, a read-only Invite Link dialog. */
  readonly canManage: boolean;
}

/** The page's CSRF token, for the script's X-CSRF-Token header: a <meta> in the head. */
export function adminLayout(title: string, main: Html, csrfToken: string, script: string = ASSETS.adminJs.url): string {
  const page = layout({ title, main, scripts: [script], wide: true });
  // Everything interpolated by `html` is escaped, so "</head>" occurs exactly once: the layout's.
  return page.replace('</head>', html`<meta name="csrf-token" content="${csrfToken}">\n</head>`.value);
}

function signOut(csrfToken: string): Html {
  return html`<form method="post" action="/sign-out" class="inline-form">
<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken}">
<button type="submit" class="secondary small">Sign out</button>
</form>`;
}

/** "Admin dashboard", a link to the admin's own account and Sign out: the top of every admin page. */
export function adminBar(csrfToken: string): Html {
  return html`<div class="admin-bar">
<span class="admin-bar-title">Admin dashboard</span>
<span class="admin-bar-links"><a href="/app">Your account</a> ${signOut(csrfToken)}</span>
</div>`;
}

export function statusBox(): Html {
  return html`<noscript><p class="error-summary">This page needs JavaScript to load its data.</p></noscript>
<div class="error-summary" data-page-error role="alert" tabindex="-1" hidden></div>
<p class="page-status" data-page-status role="status">Loading…</p>`;
}

/**
 * One step of the breadcrumb. `tenantName`: the crumb shows the tenant, whose name only the API
 * knows; the page's script replaces the placeholder label (every `[data-tenant-name]`).
 */
export interface Crumb {
  readonly label: string;
  readonly href?: string;
  readonly tenantName?: boolean;
}

/** Tenants / [tenant] / `current`: the trail of every page of one tenant, the tenant a link to its users. */
export function tenantCrumbs(tenantId: string, current: string): readonly Crumb[] {
  return [
    { label: 'Tenants', href: '/admin' },
    { label: 'This tenant', href: `/admin/tenants/${encodeURIComponent(tenantId)}/users`, tenantName: true },
    { label: current },
  ];
}

/** The last crumb is the page itself: not a link, and marked as the current page. */
function breadcrumb(crumbs: readonly Crumb[]): Html {
  const items = crumbs.map((crumb, index) => {
    const name = crumb.tenantName ? html` data-tenant-name` : '';
    if (index === crumbs.length - 1) return html`<li><span aria-current="page"${name}>${crumb.label}</span></li>\n`;
    if (crumb.href) return html`<li><a href="${crumb.href}"${name}>${crumb.label}</a></li>\n`;
    return html`<li><span${name}>${crumb.label}</span></li>\n`;
  });
  return html`<nav class="breadcrumb" aria-label="Breadcrumb">
<ol>
${items}</ol>
</nav>`;
}

export interface AdminPageModel {
  readonly title: string;
  readonly csrfToken: string;
  readonly crumbs: readonly Crumb[];
  /** The h1's content. */
  readonly heading: Html;
  /** Buttons beside the heading. */
  readonly actions?: Html;
  /** The card's id, extra classes and data attributes: the page's script finds its root by them. */
  readonly root: { readonly id: string; readonly className?: string; readonly data: Readonly<Record<string, string>> };
  /** The card's content under the heading. */
  readonly body: Html;
  /** After the card: the page's dialogs. */
  readonly after?: Html;
  /** The page's script (the admin dashboard's by default). */
  readonly script?: string;
}

/**
 * The frame every admin page shares, so they look and read alike: the admin bar, the breadcrumb,
 * one card of one width (the `admin-frame` class sets it) whose head holds the h1 and the page's
 * actions.
 */
export function adminPage(model: AdminPageModel): string {
  const { root } = model;
  const data = Object.entries(root.data).map(([name, value]) => html` data-${name}="${value}"`);
  const main = html`<div class="admin-frame">
${adminBar(model.csrfToken)}
${breadcrumb(model.crumbs)}
<div class="card admin-page${root.className ? ` ${root.className}` : ''}" id="${root.id}"${data}>
<div class="page-head">
<h1>${model.heading}</h1>
${model.actions ?? ''}
</div>
${model.body}
</div>
</div>
${model.after ?? ''}`;
  return adminLayout(model.title, main, model.csrfToken, model.script);
}

/** GET /admin: the tenants of the admin's MSP, each linking to its users. */
export function tenantsPage({ mspId, csrfToken }: AdminShellModel): string {
  return adminPage({
    title: 'Tenants',
    csrfToken,
    crumbs: [{ label: 'Tenants' }],
    heading: html`Tenants`,
    root: { id: 'admin-app', data: { page: 'tenants', 'msp-id': mspId } },
    body: html`${statusBox()}
<ul class="tenant-list" data-tenant-list></ul>`,
  });
}

export function field(id: string, label: string, control: Html, hint?: string): Html {
  return html`<div class="field">
<label for="${id}">${label}</label>
${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}
${control}
<p class="field-error" id="${id}-error" data-error-for="${id}" hidden></p>
</div>`;
}

export function describedBy(id: string, hint: boolean): string {
  return hint ? `${id}-hint ${id}-error` : `${id}-error`;
}
