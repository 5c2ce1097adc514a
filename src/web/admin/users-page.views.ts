import { Html, html } from '../pages/html';
import { addUserDialog } from './add-user-dialog.views';
import { adminPage, statusBox, tenantCrumbs, TenantUsersPageModel } from './admin-views';
import { inviteLinkDialog } from './invite-link-dialog.views';

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
export function tenantUsersPage({ mspId, tenantId, csrfToken, microsoft, mail, canManage }: TenantUsersPageModel): string {
  const base = `/admin/tenants/${encodeURIComponent(tenantId)}`;
  const actions = html`<div class="page-actions" data-needs-tenant hidden>
<button type="button" data-open-dialog="add-user-dialog"${canManage ? '' : html` hidden`}>Add Users</button>
<button type="button" data-open-dialog="invite-link-dialog">Invite Link</button>
<p class="invite-state" data-invite-state role="status"></p>
</div>`;
  const body = html`${statusBox()}
<div data-needs-tenant hidden>
<p class="page-links"><a href="${base}/invite-link/history">History</a> of the invite link</p>
${usagePanel()}
<h2 class="users-title">Users</h2>
<table class="users-table" aria-describedby="users-count">
<caption class="visually-hidden">Users of this tenant, newest first; people waiting for their email confirmation come first</caption>
<thead><tr>
<th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Joined</th><th scope="col">Joined via</th><th scope="col">Sign-in method</th>
</tr></thead>
<tbody data-users></tbody>
</table>
<p class="hint" id="users-count" data-users-count></p>
<button type="button" class="secondary" data-load-more hidden>Load more users</button>
</div>`;
  return adminPage({
    title: 'Users',
    csrfToken,
    crumbs: tenantCrumbs(tenantId, 'Users'),
    heading: html`<span data-tenant-name>This tenant</span>: users`,
    actions,
    root: { id: 'admin-app', data: { page: 'tenant-users', 'msp-id': mspId, 'tenant-id': tenantId, 'can-manage': String(canManage) } },
    body,
    after: html`${addUserDialog()}
${inviteLinkDialog({ microsoft, mail })}`,
  });
}
