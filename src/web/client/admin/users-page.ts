import { ApiError, getJson } from '../shared/api';
import { el, enc, setPageTitle } from '../shared/dom';
import { setUpAddUserDialog } from './add-user-dialog';
import type { InviteLink, Page, Role, Tenant, User } from './api-types';
import { setUpInviteLinkDialog } from './invite-link-dialog';
import { linkSummary } from './invite-link-texts';
import { messageOf, PageStatus } from './page-status';
import { usagePanel } from './usage-panel';
import { usersTable, usersUrl } from './users-table';

const ROLE_GROUPS: readonly (readonly [label: string, builtIn: boolean])[] = [
  ['Built-in roles', true],
  ['Custom roles', false],
];

/** Fills a role <select> with the tenant's roles, built-in ones first, keeping its placeholder and choice. */
function fillRoleSelect(select: HTMLSelectElement, roles: readonly Role[]): void {
  const keep = select.value;
  const placeholder = select.querySelector('option[value=""]');
  select.textContent = '';
  if (placeholder) select.appendChild(placeholder);
  for (const [label, builtIn] of ROLE_GROUPS) {
    const matching = roles.filter((role) => Boolean(role.builtIn) === builtIn);
    if (!matching.length) continue;
    const optgroup = document.createElement('optgroup');
    optgroup.label = label;
    for (const role of matching) {
      const option = el('option', role.name);
      option.value = role.id;
      optgroup.appendChild(option);
    }
    select.appendChild(optgroup);
  }
  select.value = keep;
}

function showTenantName(name: string): void {
  document.querySelectorAll('[data-tenant-name]').forEach((node) => (node.textContent = name));
  setPageTitle(`${name}: users`);
}

/**
 * /admin/tenants/:id/users: the usage panel, the users table, the Add Users and Invite Link dialogs. The page
 * shows its actions only once the tenant is found; /admin/tenants/:id/invite-link lands here
 * with #invite-link, which opens the Invite Link dialog.
 */
export async function showUsersPage(root: HTMLElement, mspId: string, tenantId: string, status: PageStatus): Promise<void> {
  const users = usersTable(root, tenantId, status);
  setUpAddUserDialog(tenantId, status, users.reload);
  const usage = usagePanel(root, tenantId);
  const linkState = root.querySelector<HTMLElement>('[data-invite-state]');
  let roleNames = new Map<string, string>();
  /** Set once the dialog has reported the link: its answer is newer than the page's first read. */
  let fromDialog = false;
  // The link's state at a glance next to the Invite Link button, again after every save or regenerate.
  const showLinkState = (link: InviteLink): void => {
    if (linkState) linkState.textContent = linkSummary(link, (id) => roleNames.get(id));
  };
  const openInviteLink = setUpInviteLinkDialog(
    tenantId,
    (link) => {
      fromDialog = true;
      usage.showLink(link);
      showLinkState(link);
    },
    // The page says so for admins with `view_audit_log` only (Add Users is not offered to them either).
    { canManage: root.dataset.canManage !== 'false' },
  );

  try {
    const [firstPage, roleList, tenants] = await Promise.all([
      getJson<Page<User>>(usersUrl(tenantId, null)),
      getJson<Page<Role> | null>(`/api/v1/tenants/${enc(tenantId)}/roles`),
      // The tenant's name is a nicety: without the list the page says "This tenant".
      getJson<Page<Tenant> | null>(`/api/v1/msps/${enc(mspId)}/tenants`).catch((): Page<Tenant> => ({ items: [] })),
    ]);
    const roles = roleList?.items ?? [];
    users.useRoles(roles);
    document.querySelectorAll<HTMLSelectElement>('[data-role-select]').forEach((select) => fillRoleSelect(select, roles));
    const tenant = (tenants?.items ?? []).find((item) => item.id === tenantId);
    showTenantName(tenant ? tenant.name : 'This tenant');
    users.show(firstPage, true);
    status.set('');
    document.querySelectorAll<HTMLElement>('[data-needs-tenant]').forEach((node) => (node.hidden = false));
    roleNames = new Map(roles.map((role) => [role.id, role.name]));
    void usage.load(roles);
    // A nicety beside the button: without it the page still works, so a failure only leaves it empty.
    getJson<InviteLink>(`/api/v1/tenants/${enc(tenantId)}/invite-link`).then(
      (link) => fromDialog || showLinkState(link),
      () => undefined,
    );
    if (window.location.hash === '#invite-link') openInviteLink(document.querySelector('[data-open-dialog="invite-link-dialog"]'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      showTenantName('Tenant not found');
      status.fail('Tenant not found', "There is no such tenant among your MSP's tenants.");
    } else {
      status.fail('Could not load this tenant', messageOf(error));
    }
  }
}
