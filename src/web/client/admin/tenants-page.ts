import { getJson } from '../shared/api';
import { el, enc } from '../shared/dom';
import type { Page, Tenant } from './api-types';
import { messageOf, PageStatus } from './page-status';

/** /admin: the MSP's tenants, each linking to its users page. */
export async function showTenantsPage(root: HTMLElement, mspId: string, status: PageStatus): Promise<void> {
  const list = root.querySelector('[data-tenant-list]') as HTMLElement;
  try {
    const data = await getJson<Page<Tenant> | null>(`/api/v1/msps/${enc(mspId)}/tenants`);
    const items = data?.items ?? [];
    list.textContent = '';
    for (const tenant of items) {
      const item = el('li');
      const link = el('a', tenant.name);
      link.href = `/admin/tenants/${enc(tenant.id)}/users`;
      item.appendChild(link);
      if (tenant.status && tenant.status !== 'active') item.appendChild(el('span', tenant.status, 'badge'));
      list.appendChild(item);
    }
    status.set(items.length ? `${items.length}${items.length === 1 ? ' tenant' : ' tenants'}` : 'Your MSP has no tenants yet.');
  } catch (error) {
    status.fail('Could not load the tenants', messageOf(error));
  }
}
