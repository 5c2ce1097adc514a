import { ApiError, getJson } from '../shared/api';
import { el, enc, setPageTitle } from '../shared/dom';
import { showSessionExpired, watchSessionExpiry } from '../shared/session';
import { loadProblem } from './history-texts';
import { NameBook } from './names';
import { setUpStateAt } from './state-at';
import { DATE_FORMAT } from './time';
import { Timeline } from './timeline';

/**
 * The invite-link history view (served as /assets/admin-history.<hash>.js). The page is a shell;
 * this script reads everything through the public HTTP API with the session cookie
 * (docs/http-api.md: no second path to the data): the history a page at a time, newest first
 * (its items name the people who acted), the roles (for their names) and `?at=` replays for the
 * "state at" picker. It builds the DOM with textContent only, never innerHTML.
 */

/** Puts the tenant's name in the heading, the breadcrumb and the title, when the MSP's list has it. */
async function showTenantName(root: HTMLElement, mspId: string, tenantId: string): Promise<void> {
  if (!mspId) return;
  const body = await getJson<{ items?: readonly { id: string; name: string }[] } | null>(`/api/v1/msps/${enc(mspId)}/tenants`);
  const found = (body?.items ?? []).find((tenant) => tenant.id === tenantId);
  if (!found) return;
  const heading = root.querySelector('[data-tenant-heading]');
  if (heading) heading.textContent = `: ${found.name}`;
  document.querySelectorAll('[data-tenant-name]').forEach((crumb) => (crumb.textContent = found.name));
  setPageTitle(`Invite link history: ${found.name}`);
}

function showTimeZone(root: HTMLElement): void {
  const zone = DATE_FORMAT.resolvedOptions().timeZone;
  const slot = root.querySelector('[data-time-zone]');
  if (zone && slot) slot.textContent = ` (${zone})`;
}

function fail(error: unknown): void {
  const statusBox = document.getElementById('history-status') as HTMLElement;
  const errorBox = document.getElementById('history-error') as HTMLElement;
  const status = error instanceof ApiError ? error.status : null;
  statusBox.hidden = true;
  if (status === 401) return showSessionExpired(errorBox);
  errorBox.textContent = '';
  errorBox.appendChild(el('p', loadProblem(status)));
  errorBox.hidden = false;
}

async function start(): Promise<void> {
  const root = document.getElementById('history-app');
  if (!root) return;
  const tenantId = root.getAttribute('data-tenant-id') || '';
  const mspId = root.getAttribute('data-msp-id') || '';
  const tenantApi = `/api/v1/tenants/${enc(tenantId)}`;
  // Any call of the page (the "state at" picker too) that finds the session gone says so here.
  watchSessionExpiry(document.getElementById('history-error') as HTMLElement);
  const names = new NameBook();
  setUpStateAt(tenantApi, names);
  showTimeZone(root);
  // A failed "Show older changes" or filter change leaves what is shown, and says why.
  const timeline = new Timeline(`${tenantApi}/invite-link/history`, names, fail);
  try {
    // Names are a nicety: without them the ids are shown.
    const optional = (promise: Promise<void>): Promise<void> => promise.catch(() => undefined);
    const named = Promise.all([optional(names.loadRoles(tenantApi)), optional(showTenantName(root, mspId, tenantId))]);
    await timeline.load(true, named);
    (document.getElementById('history-status') as HTMLElement).hidden = true;
    root.querySelectorAll<HTMLElement>('[data-needs-history]').forEach((section) => (section.hidden = false));
    root.setAttribute('data-loaded', 'true');
  } catch (error) {
    fail(error);
  }
}

void start();
