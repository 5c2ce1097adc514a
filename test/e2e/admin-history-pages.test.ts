import { SESSION_COOKIE } from '../../src/modules/accounts/auth/session.service';
import { ASSETS } from '../../src/web/assets/assets';
import { NOT_ALLOWED_MESSAGE } from '../../src/web/pages/views';
import { anMspWithAdmin, enableLink, useTestApp } from '../support/fixtures';
import { Admin, paths } from '../support/test-app';

/**
 * The invite-link history page (issue 6, item 3) over HTTP without a browser: who gets the
 * shell, who gets the plain "not allowed" page, and the headers. What the shell's script shows
 * is tested in Chromium (test/browser/history.test.ts).
 */
describe('admin pages: invite link history', () => {
  const t = useTestApp();
  let admin: Admin;
  let tenantId: string;
  const SECRET_DOMAIN = 'history-secret.example';
  const historyPath = (id: string) => `/admin/tenants/${encodeURIComponent(id)}/invite-link/history`;
  /** The browser's way in: the session cookie, no Authorization header. */
  const withSession = (path: string, token: string) => t.anonymous().get(path).redirects(0).set('Cookie', `${SESSION_COOKIE}=${token}`);
  const mainOf = (html: string): string => /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';

  beforeAll(async () => {
    let mspId: string;
    ({ mspId, admin } = await anMspWithAdmin(t));
    tenantId = (await t.createTenant(mspId, 'Historic Ltd', admin.token)).id;
    await enableLink(t, admin.token, tenantId, { allowedDomains: [SECRET_DOMAIN] });
  });

  it('sends an anonymous visitor to the sign-in page', async () => {
    const response = await t.anonymous().get(historyPath(tenantId)).redirects(0);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/sign-in');
  });

  it('gives a signed-in MSP admin the page shell: no data in it, one same-origin script, strict CSP', async () => {
    const response = await withSession(historyPath(tenantId), admin.token);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-store');
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');

    const page = response.text;
    expect(page).toContain('<h1>Invite link history');
    expect(page).toContain(`data-tenant-id="${tenantId}"`);
    expect(page).toContain(`data-msp-id="${admin.mspId}"`);
    expect(page).toContain(`<script src="${ASSETS.adminHistoryJs.url}" defer></script>`);
    // Breadcrumb back to the dashboard and to the tenant's users.
    expect(page).toContain('<a href="/admin">');
    expect(page).toContain(`<a href="/admin/tenants/${tenantId}/users"`);
    // Every control has a label.
    for (const id of ['state-at-input', 'history-filter']) {
      expect(page).toMatch(new RegExp(`<label for="${id}">[^<]+</label>`));
      expect(page).toContain(`id="${id}"`);
    }
    // Nothing inline: no script bodies, no <style>, no style attributes, no event handler attributes.
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page).not.toMatch(/<style\b/i);
    expect(page).not.toMatch(/\sstyle=/i);
    expect(page).not.toMatch(/\son[a-z]+=/i);
    // The settings come from the API, never from the shell.
    expect(page).not.toContain(SECRET_DOMAIN);
  });

  it('serves its script as a content-hashed, same-origin asset', async () => {
    const response = await t.anonymous().get(ASSETS.adminHistoryJs.url);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/javascript/);
    expect(response.headers['cache-control']).toContain('immutable');
    expect(response.text).toContain('/invite-link/history');
    expect(response.text).not.toMatch(/innerHTML|eval\(/);
  });

  it('shows the page to an admin who may only read the audit log', async () => {
    const auditor = await t.createAdmin(admin.mspId, ['view_audit_log']);
    const response = await withSession(historyPath(tenantId), auditor.token);
    expect(response.status).toBe(200);
    expect(response.text).toContain('id="history-app"');
  });

  it('gives a tenant user a plain "not allowed" page with nothing of the settings', async () => {
    const user = await t.createTenantUser(tenantId, admin.token, 'tenant_admin');
    for (const get of [
      () => withSession(historyPath(tenantId), user.token),
      () => t.as(user.token).get(historyPath(tenantId)).redirects(0),
    ]) {
      const response = await get();
      expect(response.status).toBe(403);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      const main = mainOf(response.text);
      expect(main).toContain(NOT_ALLOWED_MESSAGE);
      expect(response.text).not.toContain('history-app');
      expect(response.text).not.toContain(ASSETS.adminHistoryJs.url);
      expect(response.text).not.toContain('<script');
      expect(response.text).not.toContain(tenantId);
      expect(response.text).not.toContain(SECRET_DOMAIN);
      expect(main).not.toMatch(/invite link history|default role|allowed domains/i);
    }
  });

  it('gives the operator token, which has no account, the same "not allowed" page', async () => {
    const response = await t.operator().get(historyPath(tenantId)).redirects(0);
    expect(response.status).toBe(403);
    expect(mainOf(response.text)).toContain(NOT_ALLOWED_MESSAGE);
    expect(response.text).not.toContain('history-app');
  });

  it('sends an invalid or expired session to the sign-in page', async () => {
    const response = await withSession(historyPath(tenantId), 'not-a-session');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/sign-in');
  });

  it("gives an admin of another MSP only the shell: the API answers 404 for that tenant (R20)", async () => {
    const { admin: stranger } = await anMspWithAdmin(t);
    const page = await withSession(historyPath(tenantId), stranger.token);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(SECRET_DOMAIN);
    // What the page's script asks for, with the same cookie:
    for (const path of [paths.history(tenantId), paths.inviteLink(tenantId), paths.roles(tenantId)]) {
      const api = await withSession(path, stranger.token);
      expect([path, api.status]).toEqual([path, 404]);
    }
  });

  it('escapes whatever tenant id is in the URL', async () => {
    const response = await withSession(historyPath('"><img src=x>'), admin.token);
    expect(response.status).toBe(200);
    expect(response.text).not.toContain('<img src=x>');
    expect(response.text).toContain('data-tenant-id="&quot;&gt;&lt;img src=x&gt;"');
  });
});
