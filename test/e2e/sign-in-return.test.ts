import { useTestApp } from '../support/fixtures';
import { csrfFieldOf, decodeHtml, FormBrowser as Browser } from '../support/form-browser';
import type { Admin } from '../support/test-app';

/**
 * `/sign-in?next=`: after an expired session the admin pages send people to sign in and back to
 * the page they were on. `next` must never make the sign-in page an open redirect.
 */
describe('signing in returns to the page in `next`, and only to a page of this site', () => {
  const t = useTestApp();
  let admin: Admin;
  let tenantUser: { email: string; password: string };
  let usersPage: string;

  beforeAll(async () => {
    const { admin: created, tenant } = await t.anMspWithTenant();
    admin = created;
    tenantUser = await t.addTenantUser(tenant.id, admin.token);
    usersPage = `/admin/tenants/${tenant.id}/users`;
  });

  /** The hidden `next` field of the sign-in form, or null when there is none. */
  const nextFieldOf = (html: string): string | null => {
    const match = /<input type="hidden" name="next" value="([^"]*)">/.exec(html);
    return match ? decodeHtml(match[1]) : null;
  };

  /** Opens /sign-in (with `query` as given) and posts the form with `next` as the form holds it, or `override`. */
  async function signIn(
    who: { email: string; password: string },
    options: { query?: string; next?: string } = {},
  ): Promise<{ status: number; location: unknown; page: string }> {
    const browser = new Browser(t);
    const page = await browser.get(`/sign-in${options.query ?? ''}`);
    expect(page.status).toBe(200);
    const next = options.next ?? nextFieldOf(page.text);
    const form: Record<string, string> = { _csrf: csrfFieldOf(page.text), email: who.email, password: who.password };
    if (next !== null) form.next = next;
    const response = await browser.post('/sign-in', form);
    return { status: response.status, location: response.headers.location, page: page.text };
  }

  it('carries a path of this site, with its query, through the form and lands there', async () => {
    const history = `${usersPage.replace(/users$/, 'invite-link/history')}?type=InviteLinkEnabled`;
    for (const next of [usersPage, history, '/admin']) {
      const { status, location, page } = await signIn(admin, { query: `?next=${encodeURIComponent(next)}` });
      expect(nextFieldOf(page)).toBe(next);
      expect({ status, location }).toEqual({ status: 303, location: next });
    }
  });

  it('lands on the default page without `next`: /admin for an MSP admin, /app for everyone else', async () => {
    const { page, ...asAdmin } = await signIn(admin);
    expect(nextFieldOf(page)).toBeNull();
    expect(asAdmin).toEqual({ status: 303, location: '/admin' });
    expect(await signIn(tenantUser).then(({ status, location }) => ({ status, location }))).toEqual({ status: 303, location: '/app' });
  });

  const OTHER_SITES = [
    'https://evil.example/admin',
    'http:evil.example',
    '//evil.example/admin',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/admin\\..\\..\\evil',
    'javascript:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    '/\t/evil.example',
    '/\n/evil.example',
    '/admin\r\nSet-Cookie: session=stolen',
    ' /admin',
    'evil.example',
    'admin',
    `/${'a'.repeat(2000)}`,
  ];

  it.each(OTHER_SITES)('ignores next=%j in the link: no hidden field, the default page', async (next) => {
    const { status, location, page } = await signIn(admin, { query: `?next=${encodeURIComponent(next)}` });
    expect(nextFieldOf(page)).toBeNull();
    expect({ status, location }).toEqual({ status: 303, location: '/admin' });
  });

  it('ignores the same values posted straight to the form, for an admin and a tenant user', async () => {
    for (const next of OTHER_SITES) {
      expect(await signIn(admin, { next }).then(({ status, location }) => ({ status, location }))).toEqual({ status: 303, location: '/admin' });
    }
    const { status, location } = await signIn(tenantUser, { next: '//evil.example' });
    expect({ status, location }).toEqual({ status: 303, location: '/app' });
  });

  it('ignores a `next` that is not one string (repeated in the query or the form)', async () => {
    const { page, status, location } = await signIn(admin, { query: `?next=${encodeURIComponent(usersPage)}&next=/admin` });
    expect(nextFieldOf(page)).toBeNull();
    expect({ status, location }).toEqual({ status: 303, location: '/admin' });

    const browser = new Browser(t);
    const form = await browser.get('/sign-in');
    const body = [
      `_csrf=${encodeURIComponent(csrfFieldOf(form.text))}`,
      `email=${encodeURIComponent(admin.email)}`,
      `password=${encodeURIComponent(admin.password)}`,
      `next=${encodeURIComponent(usersPage)}`,
      'next=/admin/tenants',
    ].join('&');
    const response = await browser.postEncoded('/sign-in', body);
    expect({ status: response.status, location: response.headers.location }).toEqual({ status: 303, location: '/admin' });
  });

  it('keeps `next` when the password was wrong, so the second try still returns to the page', async () => {
    const browser = new Browser(t);
    const page = await browser.get(`/sign-in?next=${encodeURIComponent(usersPage)}`);
    const refused = await browser.post('/sign-in', { _csrf: csrfFieldOf(page.text), email: admin.email, password: `${admin.password}x`, next: usersPage });
    expect(refused.status).toBe(401);
    expect(nextFieldOf(refused.text)).toBe(usersPage);
    const accepted = await browser.post('/sign-in', {
      _csrf: csrfFieldOf(refused.text),
      email: admin.email,
      password: admin.password,
      next: nextFieldOf(refused.text) ?? '',
    });
    expect({ status: accepted.status, location: accepted.headers.location }).toEqual({ status: 303, location: usersPage });
  });
});
