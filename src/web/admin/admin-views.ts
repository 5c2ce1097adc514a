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
}

/** The page's CSRF token, for the script's X-CSRF-Token header: a <meta> in the head. */
export function adminLayout(title: string, main: Html, csrfToken: string): string {
  const page = layout({ title, main, scripts: [ASSETS.adminJs.url], wide: true });
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

/** GET /admin: the tenants of the admin's MSP, each linking to its users. */
export function tenantsPage({ mspId, csrfToken }: AdminShellModel): string {
  const main = html`${adminBar(csrfToken)}
<nav class="breadcrumb" aria-label="Breadcrumb">
<ol><li><span aria-current="page">Tenants</span></li></ol>
</nav>
<div class="card admin-page" id="admin-app" data-page="tenants" data-msp-id="${mspId}">
<h1>Tenants</h1>
${statusBox()}
<ul class="tenant-list" data-tenant-list></ul>
</div>`;
  return adminLayout('Tenants', main, csrfToken);
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
