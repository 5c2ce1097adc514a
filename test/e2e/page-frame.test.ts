import { ASSETS } from '../../src/web/assets/assets';
import { DEFAULT_PRODUCT_NAME } from '../../src/config/app-config';
import { enableLink, useTestApp } from '../support/fixtures';
import { FormBrowser as Browser } from '../support/form-browser';

/** What every page has around its content: the header's name, the title, the icon. */
const headerOf = (html: string): string => /<header class="site-header"><span class="brand">([^<]*)<\/span><\/header>/.exec(html)?.[1] ?? '';
const titleOf = (html: string): string => /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';

describe('the frame of every page: product name, organization, icon', () => {
  const t = useTestApp();

  it('names the product (PRODUCT_NAME, by default "Account invitations") in the header and the titles, never "Invite links"', async () => {
    expect(DEFAULT_PRODUCT_NAME).toBe('Account invitations');
    for (const [path, title] of [
      ['/sign-in', 'Sign in'],
      ['/terms', 'Terms of Service'],
      ['/privacy', 'Privacy Policy'],
      ['/join/not-a-link', 'Invite link not valid'],
    ]) {
      const page = (await new Browser(t).get(path)).text;
      expect({ path, header: headerOf(page), title: titleOf(page) }).toEqual({
        path,
        header: 'Account invitations',
        title: `${title} · Account invitations`,
      });
      expect(page).not.toContain('Invite links');
    }
  });

  it("names the organization in the join page's header, and both in its title", async () => {
    const { admin, tenant } = await t.anMspWithTenant();
    const { token } = await enableLink(t, admin.token, tenant.id);
    const page = (await new Browser(t).get(`/join/${token}`)).text;
    expect(headerOf(page)).toBe(tenant.name);
    expect(titleOf(page)).toBe(`Join ${tenant.name} · Account invitations`);
  });

  it('links an SVG icon, served under a hashed name for a year and at /favicon.ico for a day', async () => {
    const page = (await new Browser(t).get('/sign-in')).text;
    expect(page).toContain(`<link rel="icon" href="${ASSETS.favicon.url}" type="image/svg+xml">`);
    expect(ASSETS.favicon.url).toMatch(/^\/assets\/favicon\.[0-9a-f]{16}\.svg$/);

    const hashed = await t.anonymous().get(ASSETS.favicon.url).buffer(true);
    expect(hashed.status).toBe(200);
    expect(hashed.headers['content-type']).toBe('image/svg+xml');
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(hashed.body)).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);

    const ico = await t.anonymous().get('/favicon.ico').buffer(true);
    expect(ico.status).toBe(200);
    expect(ico.headers['content-type']).toBe('image/svg+xml');
    expect(ico.headers['cache-control']).toBe('public, max-age=86400');
    expect(ico.headers['content-security-policy']).toContain("default-src 'none'");
    expect(String(ico.body)).toBe(String(hashed.body));
  });
});

describe('PRODUCT_NAME set by the operator', () => {
  const t = useTestApp({ env: { PRODUCT_NAME: ' Contoso <Partner> Portal ' } });

  it('is the name in the header and the titles, escaped and without the spaces around it', async () => {
    const page = (await new Browser(t).get('/sign-in')).text;
    expect(headerOf(page)).toBe('Contoso &lt;Partner&gt; Portal');
    expect(titleOf(page)).toBe('Sign in · Contoso &lt;Partner&gt; Portal');
  });
});
