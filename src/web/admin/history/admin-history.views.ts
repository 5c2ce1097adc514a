import { ASSETS } from '../../assets/assets';
import { html } from '../../pages/html';
import { adminPage, tenantCrumbs } from '../admin-views';

/**
 * The event types of an invite link's history (docs/rules.md, audited events, and the tenant
 * events that decide whether the link works), as the filter names them. Values are the API's
 * `type` parameter.
 */
export const HISTORY_FILTER_OPTIONS: readonly { readonly value: string; readonly label: string }[] = [
  { value: 'all', label: 'All changes' },
  { value: 'InviteLinkEnabled', label: 'Link enabled' },
  { value: 'InviteLinkDisabled', label: 'Link disabled' },
  { value: 'InviteLinkDefaultRoleChanged', label: 'Default role changed' },
  { value: 'InviteLinkAllowedDomainsChanged', label: 'Allowed domains changed' },
  { value: 'InviteLinkMicrosoftTenantsChanged', label: 'Allowed Microsoft tenants changed' },
  { value: 'InviteLinkEmailVerificationSet', label: 'Email verification changed' },
  { value: 'InviteLinkRegenerated', label: 'Link regenerated' },
  { value: 'MemberJoinedViaInviteLink', label: 'Members joined' },
  { value: 'TenantSsoConfigured', label: 'SSO configured' },
  { value: 'TenantSsoRemoved', label: 'SSO removed' },
  { value: 'TenantCanceled', label: 'Tenant canceled' },
];

export interface HistoryPageModel {
  readonly tenantId: string;
  /** The signed-in admin's MSP: the script looks the tenant's name up in its tenant list. */
  readonly mspId: string;
  /** For the Sign out form of the admin bar. */
  readonly csrfToken: string;
}

/**
 * The shell of the history view. Everything about the link comes from the public HTTP API
 * (docs/http-api.md), fetched by the page's script with the session cookie: the shell itself holds
 * nothing but the tenant id already in the URL. Its frame is the one of every admin page; inside
 * it, the "state at" picker sits beside the timeline on wide screens, so the answer to an entry's
 * "Show the link after this change" stays in view.
 */
export function historyPage({ tenantId, mspId, csrfToken }: HistoryPageModel): string {
  const body = html`<p class="hint history-intro">Every change to this tenant's invite link, and the tenant changes that decide whether it works, newest first. Changes saved together are shown as one entry. Times are shown in your local time zone<span data-time-zone></span>.</p>
<noscript><p class="error-summary">This page needs JavaScript to load the history.</p></noscript>
<div class="error-summary" id="history-error" role="alert" tabindex="-1" hidden></div>
<p id="history-status" class="page-status" role="status">Loading the history…</p>
<div class="history-columns">
<section class="state-at" aria-labelledby="state-at-title" data-needs-history hidden>
<h2 id="state-at-title">The link at a past instant</h2>
<form id="state-at-form" novalidate>
<div class="field">
<label for="state-at-input">Date and time (your local time)</label>
<div class="state-at-row">
<input id="state-at-input" name="at" type="datetime-local" step="1" required aria-required="true" aria-describedby="state-at-hint state-at-error">
<button type="submit">Show the link then</button>
</div>
<p class="hint" id="state-at-hint">Shows whether the link was enabled, its default role, its allowed domains and whether it required email verification at that instant.</p>
<p class="field-error" id="state-at-error" hidden></p>
</div>
</form>
<div class="state-at-result" id="state-at-result" hidden>
<h3 id="state-at-result-title" tabindex="-1"></h3>
<dl class="facts" id="state-at-facts" aria-describedby="state-at-available-hint"></dl>
<p class="hint" id="state-at-available-hint">Available: whether the tenant allows invite links at all. While SSO is configured for the tenant, or once it is canceled, nobody can join through the link, even when it is enabled.</p>
</div>
</section>

<section class="timeline-section" aria-labelledby="timeline-title" data-needs-history hidden>
<h2 id="timeline-title">Timeline</h2>
<div class="field timeline-filter">
<label for="history-filter">Show</label>
<select id="history-filter" aria-describedby="timeline-count">
${HISTORY_FILTER_OPTIONS.map((option) => html`<option value="${option.value}">${option.label}</option>\n`)}</select>
</div>
<p id="timeline-count" class="hint" role="status"></p>
<ol class="timeline" id="timeline"></ol>
<p class="timeline-more"><button type="button" class="secondary" id="history-more" aria-describedby="timeline-count" hidden>Show older changes</button></p>
</section>
</div>`;
  return adminPage({
    title: 'Invite link history',
    csrfToken,
    crumbs: tenantCrumbs(tenantId, 'Invite link history'),
    heading: html`Invite link history<span class="history-tenant" data-tenant-heading></span>`,
    root: { id: 'history-app', className: 'history', data: { 'tenant-id': tenantId, 'msp-id': mspId } },
    body,
    script: ASSETS.adminHistoryJs.url,
  });
}
