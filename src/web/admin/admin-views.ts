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

export const REVOKE_CONFIRMATION =
  'The current invite link stops working immediately: anyone who opens it will see an invalid-link message. ' +
  'A new link with a new token is generated. This cannot be undone.';

/** The page's CSRF token, for the script's X-CSRF-Token header: a <meta> in the head. */
function adminLayout(title: string, main: Html, csrfToken: string): string {
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

function statusBox(): Html {
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

function field(id: string, label: string, control: Html, hint?: string): Html {
  return html`<div class="field">
<label for="${id}">${label}</label>
${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}
${control}
<p class="field-error" id="${id}-error" data-error-for="${id}" hidden></p>
</div>`;
}

function describedBy(id: string, hint: boolean): string {
  return hint ? `${id}-hint ${id}-error` : `${id}-error`;
}

function addUserDialog(): Html {
  const input = (id: string, type: string, autocomplete: string) =>
    html`<input id="${id}" name="${id.replace('add-user-', '')}" type="${type}" autocomplete="${autocomplete}" required aria-required="true" aria-describedby="${describedBy(id, id === 'add-user-password')}">`;
  return html`<dialog id="add-user-dialog" class="dialog" aria-labelledby="add-user-title">
<form data-add-user-form novalidate>
<h2 id="add-user-title">Add Users</h2>
<p class="hint">Creates an account in this tenant with the role you choose.</p>
<div class="error-summary" data-dialog-error role="alert" hidden></div>
<div class="field-row">
${field('add-user-firstName', 'First name', input('add-user-firstName', 'text', 'off'))}
${field('add-user-lastName', 'Last name', input('add-user-lastName', 'text', 'off'))}
</div>
${field('add-user-email', 'Email', input('add-user-email', 'email', 'off'))}
${field(
    'add-user-password',
    'Initial password',
    input('add-user-password', 'password', 'new-password'),
    'At least 8 characters with upper- and lower-case letters, a digit and a special character.',
  )}
${field(
    'add-user-roleId',
    'Role',
    html`<select id="add-user-roleId" name="roleId" required aria-required="true" aria-describedby="add-user-roleId-error" data-role-select><option value="">Choose a role…</option></select>`,
  )}
<div class="dialog-actions">
<button type="submit">Add user</button>
<button type="button" class="secondary" data-close-dialog>Cancel</button>
</div>
</form>
</dialog>`;
}

function inviteLinkDialog(microsoft: boolean): Html {
  return html`<dialog id="invite-link-dialog" class="dialog" aria-labelledby="invite-link-title" aria-describedby="invite-link-intro">
<form data-invite-link-form novalidate>
<h2 id="invite-link-title">Invite Link</h2>
<p class="hint" id="invite-link-intro">New users who open the link create their own account and join this tenant with the default role.</p>
<p class="page-status" data-dialog-status role="status"></p>
<div class="error-summary" data-dialog-error role="alert" hidden></div>
<div class="field switch-field">
<div class="switch">
<input id="invite-link-enabled" name="enabled" type="checkbox" role="switch" disabled aria-describedby="invite-link-enabled-hint invite-link-unavailable invite-link-enabled-error">
<label for="invite-link-enabled">Automatic Account Creation</label>
</div>
<p class="hint" id="invite-link-enabled-hint">Choose a default role before turning it on.</p>
<p class="unavailable" id="invite-link-unavailable" hidden></p>
<p class="field-error" id="invite-link-enabled-error" data-error-for="invite-link-enabled" hidden></p>
</div>
${field(
    'invite-link-role',
    'Default role',
    html`<select id="invite-link-role" name="defaultRoleId" aria-describedby="${describedBy('invite-link-role', true)}" data-role-select><option value="">Choose a role…</option></select>`,
    'Every new user who joins through the link gets this role. Changing it keeps the same link.',
  )}
${field(
    'invite-link-domains',
    'Allowed email domains (optional)',
    html`<textarea id="invite-link-domains" name="allowedDomains" rows="4" spellcheck="false" autocapitalize="none" aria-describedby="${describedBy('invite-link-domains', true)}"></textarea>`,
    'One per line or separated by commas, for example acme.com. Leave blank to allow any email domain. Up to 50 domains.',
  )}
${microsoft
    ? field(
        'invite-link-microsoft-tenants',
        'Allowed Microsoft organizations (optional)',
        html`<textarea id="invite-link-microsoft-tenants" name="allowedMicrosoftTenantIds" rows="2" spellcheck="false" autocapitalize="none" aria-describedby="${describedBy('invite-link-microsoft-tenants', true)}"></textarea>`,
        'Microsoft Entra tenant IDs (GUIDs), one per line. When set, only accounts of these organizations can sign up with Microsoft through the link. Leave blank to allow any.',
      )
    : ''}
<div class="dialog-actions">
<button type="submit" data-save>Save</button>
<button type="button" class="secondary" data-close-dialog>Close</button>
</div>
<section class="invite-url" data-link-section aria-labelledby="invite-link-url-label" hidden>
<label for="invite-link-url" id="invite-link-url-label">Invite link</label>
<div class="copy-row">
<input id="invite-link-url" type="text" readonly spellcheck="false" aria-describedby="invite-link-copy-status">
<button type="button" data-copy>Copy</button>
</div>
<p class="copy-status" id="invite-link-copy-status" data-copy-status aria-live="polite"></p>
<p class="hint">Share it however you like: email, Slack, Teams.</p>
<button type="button" class="danger" data-open-revoke>Revoke &amp; Generate New Link</button>
</section>
</form>
</dialog>
<dialog id="revoke-dialog" class="dialog confirm" role="alertdialog" aria-labelledby="revoke-title" aria-describedby="revoke-text">
<h2 id="revoke-title">Revoke this link and generate a new one?</h2>
<p id="revoke-text">${REVOKE_CONFIRMATION}</p>
<div class="error-summary" data-dialog-error role="alert" hidden></div>
<div class="dialog-actions">
<button type="button" class="danger" data-confirm-revoke>Revoke &amp; Generate New Link</button>
<button type="button" class="secondary" data-close-dialog autofocus>Cancel</button>
</div>
</dialog>`;
}

/**
 * The usage panel's frame; the admin script fills it from the stats and invite-link API and draws
 * the chart (src/web/client/admin/usage-panel.ts). The table of every day is the chart's text
 * alternative, for screen readers only.
 */
function usagePanel(): Html {
  return html`<section class="usage-panel" aria-labelledby="usage-title" data-usage-panel>
<h2 id="usage-title">Usage in the last 30 days</h2>
<p class="page-status" data-usage-status role="status">Loading the usage…</p>
<div class="usage-grid" data-usage-body hidden>
<div class="usage-chart-box">
<p class="usage-summary" id="usage-summary" data-usage-summary></p>
<div class="usage-chart" data-usage-chart></div>
<p class="usage-legend"><span class="usage-swatch password" aria-hidden="true"></span>Password <span class="usage-swatch microsoft" aria-hidden="true"></span>Microsoft</p>
<p class="hint usage-readout" data-usage-readout aria-live="polite"></p>
<p class="hint">Focus the chart and use the arrow keys to read each day.</p>
<div class="visually-hidden">
<table>
<caption>Joins per day through the invite link, last 30 days (UTC days)</caption>
<thead><tr><th scope="col">Day</th><th scope="col">Joins</th><th scope="col">With a password</th><th scope="col">With Microsoft</th></tr></thead>
<tbody data-usage-days></tbody>
</table>
</div>
</div>
<div class="usage-facts">
<h3>Invite link</h3>
<dl class="facts" data-usage-link></dl>
<h3>Joins by method</h3>
<dl class="facts" data-usage-methods></dl>
<h3 id="usage-roles-title">Joins by role</h3>
<table class="usage-roles" aria-labelledby="usage-roles-title">
<thead><tr><th scope="col">Role</th><th scope="col">Joins</th></tr></thead>
<tbody data-usage-roles></tbody>
</table>
</div>
</div>
</section>`;
}

/** GET /admin/tenants/:tenantId/users: Tenants > [Tenant Name] > Users. */
export function tenantUsersPage({ mspId, tenantId, csrfToken, microsoft }: TenantUsersPageModel): string {
  const base = `/admin/tenants/${encodeURIComponent(tenantId)}`;
  const main = html`${adminBar(csrfToken)}
<nav class="breadcrumb" aria-label="Breadcrumb">
<ol>
<li><a href="/admin">Tenants</a></li>
<li><span data-tenant-name>This tenant</span></li>
<li><span aria-current="page">Users</span></li>
</ol>
</nav>
<div class="card admin-page" id="admin-app" data-page="tenant-users" data-msp-id="${mspId}" data-tenant-id="${tenantId}">
<div class="page-head">
<h1><span data-tenant-name>This tenant</span>: users</h1>
<div class="page-actions" data-needs-tenant hidden>
<button type="button" data-open-dialog="add-user-dialog">Add Users</button>
<button type="button" data-open-dialog="invite-link-dialog">Invite Link</button>
</div>
</div>
${statusBox()}
<div data-needs-tenant hidden>
<p class="page-links"><a href="${base}/invite-link/history">History</a> of the invite link</p>
${usagePanel()}
<h2 class="users-title">Users</h2>
<table class="users-table" aria-describedby="users-count">
<caption class="visually-hidden">Users of this tenant, newest first</caption>
<thead><tr>
<th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Joined</th><th scope="col">Joined via</th><th scope="col">Sign-in method</th>
</tr></thead>
<tbody data-users></tbody>
</table>
<p class="hint" id="users-count" data-users-count></p>
<button type="button" class="secondary" data-load-more hidden>Load more users</button>
</div>
</div>
${addUserDialog()}
${inviteLinkDialog(microsoft)}`;
  return adminLayout('Users', main, csrfToken);
}
