import { NOT_ALLOWED_MESSAGE } from '../../src/web/pages/views';
import { useTestApp } from '../support/fixtures';
import { csrfMetaOf, FormBrowser as Browser } from '../support/form-browser';
import { Admin, aStrongPassword, anEmail, paths, TenantUserAccount } from '../support/test-app';

/**
 * The admin dashboard's pages (issue 6) over HTTP, and the one door they open in the API: the
 * session cookie is honoured on unsafe methods only with a valid X-CSRF-Token header.
 */
describe('admin pages', () => {
  const t = useTestApp();
  let admin: Admin;
  let tenant: { id: string; name: string };
  let tenantUser: TenantUserAccount & { token: string };

  beforeAll(async () => {
    ({ admin, tenant } = await t.anMspWithTenant());
    tenantUser = await t.createTenantUser(tenant.id, admin.token, 'tenant_admin');
  });

  /** An admin's browser on the users page, with the page's CSRF token. */
  async function anAdminOnTheUsersPage(): Promise<{ browser: Browser; csrf: string }> {
    const browser = await new Browser(t).signIn(admin.email, admin.password);
    const page = await browser.get(`/admin/tenants/${tenant.id}/users`);
    expect(page.status).toBe(200);
    return { browser, csrf: csrfMetaOf(page.text) };
  }

  describe('the pages', () => {
    it('GET /admin and a tenant users page render for an MSP admin: shells with the CSRF meta and the script', async () => {
      const browser = await new Browser(t).signIn(admin.email, admin.password);
      const tenants = await browser.get('/admin');
      expect(tenants.status).toBe(200);
      expect(tenants.headers['cache-control']).toContain('no-store');
      expect(tenants.text).toContain(`data-msp-id="${admin.mspId}"`);
      expect(csrfMetaOf(tenants.text)).toMatch(/^[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
      expect(tenants.text).toMatch(/<script src="\/assets\/admin\.[0-9a-f]{16}\.js" defer><\/script>/);
      expect(tenants.text).not.toMatch(/<script>|<style|style="/);

      const users = await browser.get(`/admin/tenants/${tenant.id}/users`);
      expect(users.status).toBe(200);
      for (const text of ['Add Users', 'Invite Link', 'Automatic Account Creation', 'Revoke &amp; Generate New Link', `/admin/tenants/${tenant.id}/invite-link/history`]) {
        expect(users.text).toContain(text);
      }
      const script = await browser.get(/src="(\/assets\/admin\.[0-9a-f]{16}\.js)"/.exec(users.text)![1]);
      expect(script.status).toBe(200);
      expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    });

    it('GET /admin/tenants/:id/invite-link opens the users page with the Invite Link dialog', async () => {
      const browser = await new Browser(t).signIn(admin.email, admin.password);
      const response = await browser.get(`/admin/tenants/${tenant.id}/invite-link`);
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe(`/admin/tenants/${tenant.id}/users#invite-link`);
    });

    it.each([['/admin'], ['/admin/tenants/:id/users'], ['/admin/tenants/:id/invite-link']])(
      'a tenant user gets 403 and the not-allowed page on %s, with nothing of the settings',
      async (template) => {
        const browser = await new Browser(t).signIn(tenantUser.email, tenantUser.password);
        const response = await browser.get(template.replace(':id', tenant.id));
        expect(response.status).toBe(403);
        expect(response.headers['content-type']).toMatch(/^text\/html/);
        expect(response.text).toContain(NOT_ALLOWED_MESSAGE);
        for (const text of ['Automatic Account Creation', 'Invite Link', 'Add Users', 'dialog', 'csrf-token', '/assets/admin', tenant.id]) {
          expect(response.text).not.toContain(text);
        }
      },
    );

    it.each([['/admin'], ['/admin/tenants/:id/users'], ['/admin/tenants/:id/invite-link']])(
      'anonymous on %s is sent to /sign-in',
      async (template) => {
        const response = await t.anonymous().get(template.replace(':id', tenant.id)).redirects(0);
        expect(response.status).toBe(303);
        expect(response.headers.location).toBe('/sign-in');
      },
    );

    it('the operator token is not an MSP admin account: 403', async () => {
      const response = await t.operator().get('/admin').redirects(0);
      expect(response.status).toBe(403);
      expect(response.text).toContain(NOT_ALLOWED_MESSAGE);
    });

    it('password sign-in on /sign-in lands MSP admins on /admin and tenant users on /app; /app links admins to the dashboard', async () => {
      for (const [who, email, password, landing] of [
        ['admin', admin.email, admin.password, '/admin'],
        ['tenant user', tenantUser.email, tenantUser.password, '/app'],
      ] as const) {
        const browser = new Browser(t);
        const form = await browser.get('/sign-in');
        const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
        const response = await browser.send('post', '/sign-in', { _csrf: csrf, email, password }, { 'Content-Type': 'application/x-www-form-urlencoded' });
        expect({ who, status: response.status, location: response.headers.location }).toEqual({ who, status: 303, location: landing });
        const app = await browser.get('/app');
        expect(app.status).toBe(200);
        expect(app.text.includes('href="/admin"')).toBe(who === 'admin');
      }
    });
  });

  describe('the session cookie on unsafe API calls', () => {
    it('works with a valid X-CSRF-Token header: PUT invite-link, POST regenerate, POST users', async () => {
      const { browser, csrf } = await anAdminOnTheUsersPage();
      const headers = { 'X-CSRF-Token': csrf, Origin: t.url, 'Sec-Fetch-Site': 'same-origin' };
      const put = await browser.send('put', paths.inviteLink(tenant.id), { enabled: true, defaultRoleId: 'member' }, headers);
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ enabled: true, defaultRoleId: 'member' });
      const regenerated = await browser.send('post', paths.regenerate(tenant.id), undefined, headers);
      expect(regenerated.status).toBe(200);
      expect(regenerated.body.url).not.toBe(put.body.url);
      const added = await browser.send(
        'post',
        paths.users(tenant.id),
        { email: anEmail('cookie'), firstName: 'Cookie', lastName: 'Csrf', password: aStrongPassword(), roleId: 'member' },
        headers,
      );
      expect(added.status).toBe(201);
      // The event says who did it: the admin of the cookie.
      const events = await t.readAllEvents();
      expect(events.find((event) => event.type === 'InviteLinkRegenerated')?.metadata).toMatchObject({ actor: { type: 'msp_admin', id: admin.id } });
    });

    it('browsers under Referrer-Policy no-referrer send "Origin: null" from this very page: accepted with Sec-Fetch-Site same-origin only', async () => {
      const { browser, csrf } = await anAdminOnTheUsersPage();
      const ok = await browser.send('put', paths.inviteLink(tenant.id), { defaultRoleId: 'member' }, {
        'X-CSRF-Token': csrf,
        Origin: 'null',
        'Sec-Fetch-Site': 'same-origin',
      });
      expect(ok.status).toBe(200);
      const before = await t.countEvents();
      const refusedHeaders: Record<string, string>[] = [{ Origin: 'null' }, { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' }];
      for (const headers of refusedHeaders) {
        const refused = await browser.send('put', paths.inviteLink(tenant.id), { enabled: false }, { 'X-CSRF-Token': csrf, ...headers });
        expect(refused.status).toBe(401);
      }
      expect(await t.countEvents()).toBe(before);
    });

    it('without the header the cookie is not enough: 401, nothing changes', async () => {
      const { browser } = await anAdminOnTheUsersPage();
      const before = await t.countEvents();
      for (const [method, path, body] of [
        ['put', paths.inviteLink(tenant.id), { enabled: false }],
        ['post', paths.regenerate(tenant.id), undefined],
        ['post', paths.users(tenant.id), { email: anEmail('x'), firstName: 'X', lastName: 'Y', password: aStrongPassword(), roleId: 'member' }],
      ] as const) {
        const response = await browser.send(method, path, body);
        expect(response.status).toBe(401);
      }
      expect(await t.countEvents()).toBe(before);
    });

    it('refuses the header from another site, a forged or foreign token, or a token without its csrf cookie', async () => {
      const { browser, csrf } = await anAdminOnTheUsersPage();
      const other = await anAdminOnTheUsersPage(); // another browser: another csrf cookie
      const before = await t.countEvents();
      const attempts: Record<string, string>[] = [
        { 'X-CSRF-Token': csrf, Origin: 'https://evil.example' },
        { 'X-CSRF-Token': csrf, 'Sec-Fetch-Site': 'cross-site' },
        { 'X-CSRF-Token': csrf, 'Sec-Fetch-Site': 'same-site' },
        { 'X-CSRF-Token': `${csrf}x` },
        { 'X-CSRF-Token': other.csrf },
        { 'X-CSRF-Token': 'garbage' },
      ];
      for (const headers of attempts) {
        const response = await browser.send('put', paths.inviteLink(tenant.id), { enabled: false }, headers);
        expect({ headers, status: response.status }).toEqual({ headers, status: 401 });
      }
      const withoutCsrfCookie = await t
        .anonymous()
        .put(paths.inviteLink(tenant.id))
        .set('Cookie', `session=${browser.cookies.session}`)
        .set('X-CSRF-Token', csrf)
        .send({ enabled: false });
      expect(withoutCsrfCookie.status).toBe(401);
      expect(await t.countEvents()).toBe(before);
    });

    it('a tenant user with a valid header still cannot change the link (403), and admins of another MSP get 404', async () => {
      const user = await new Browser(t).signIn(tenantUser.email, tenantUser.password);
      const page = await user.get('/sign-in'); // any page gives this browser a csrf cookie and token
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
      const refused = await user.send('put', paths.inviteLink(tenant.id), { enabled: false }, { 'X-CSRF-Token': csrf });
      expect(refused.status).toBe(403);

      const stranger = await t.anMspWithTenant();
      const strangerBrowser = await new Browser(t).signIn(stranger.admin.email, stranger.admin.password);
      const strangerPage = await strangerBrowser.get(`/admin/tenants/${tenant.id}/users`);
      expect(strangerPage.status).toBe(200); // the shell; its script gets the API's 404 and says "Tenant not found"
      const hidden = await strangerBrowser.send('put', paths.inviteLink(tenant.id), { enabled: false }, { 'X-CSRF-Token': csrfMetaOf(strangerPage.text) });
      expect(hidden.status).toBe(404);
    });
  });
});
