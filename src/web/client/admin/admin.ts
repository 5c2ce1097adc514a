import { pageStatus } from './page-status';
import { setUpDialogs } from './dialogs';
import { showTenantsPage } from './tenants-page';
import { showUsersPage } from './users-page';

/**
 * The admin dashboard's script (served as /assets/admin.<hash>.js): /admin (tenants) and
 * /admin/tenants/:id/users (users table, Add Users and Invite Link dialogs). The pages are
 * shells; everything comes from and goes to the public API (docs/http-api.md) through
 * shared/api.ts. No inline script or style, no eval, no innerHTML with data: text is set with
 * textContent only.
 */
function start(): void {
  const root = document.getElementById('admin-app');
  if (!root) return;
  const mspId = root.getAttribute('data-msp-id') || '';
  const tenantId = root.getAttribute('data-tenant-id') || '';
  const status = pageStatus(root);
  setUpDialogs();
  if (root.getAttribute('data-page') === 'tenants') void showTenantsPage(root, mspId, status);
  else void showUsersPage(root, mspId, tenantId, status);
}

start();
