import { anMspWithAdmin, useTestApp } from '../support/fixtures';
import { Admin, paths } from '../support/test-app';

describe('sign-in', () => {
  const t = useTestApp();
  let admin: Admin;

  beforeAll(async () => {
    admin = (await t.anMspWithTenant()).admin;
  });

  const signIn = (body: object) => t.anonymous().post(paths.signIn()).send(body);

  it('answers 200 {accessToken} and sets an HttpOnly, SameSite session cookie', async () => {
    const response = await signIn({ email: admin.email, password: admin.password });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ accessToken: expect.any(String) });
    const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    expect(cookies).toHaveLength(1);
    const [cookie] = cookies;
    expect(cookie).toMatch(/^session=/);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=(Lax|Strict)/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    expect(decodeURIComponent(cookie.split(';')[0].slice('session='.length))).toBe(response.body.accessToken);
  });

  it('issues a token that works as a bearer token', async () => {
    const token = await t.signIn(admin.email, admin.password);
    const me = await t.as(token).get(paths.me());
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(admin.id);
  });

  it('accepts the email in any letter case', async () => {
    expect((await signIn({ email: admin.email.toUpperCase(), password: admin.password })).status).toBe(200);
  });

  it('answers 401 with the same body for a wrong password and an unknown email', async () => {
    const wrongPassword = await signIn({ email: admin.email, password: `${admin.password}x` });
    const unknownEmail = await signIn({ email: 'nobody@nowhere.example', password: admin.password });
    const notAnEmail = await signIn({ email: 'nobody', password: admin.password });
    const casedPassword = await signIn({ email: admin.email, password: admin.password.toUpperCase() });
    for (const response of [wrongPassword, unknownEmail, notAnEmail, casedPassword]) {
      expect(response.status).toBe(401);
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(response.body).toEqual(wrongPassword.body);
    }
    expect(wrongPassword.body).toEqual(expect.objectContaining({ statusCode: 401 }));
    expect(JSON.stringify(wrongPassword.body)).not.toContain(admin.email);
  });

  it('signs in tenant users too', async () => {
    const { admin: other, tenant } = await t.anMspWithTenant();
    const user = await t.addTenantUser(tenant.id, other.token);
    const response = await signIn({ email: user.email, password: user.password });
    expect(response.status).toBe(200);
  });

  it('does not record anything', async () => {
    const before = await t.countEvents();
    await signIn({ email: admin.email, password: admin.password });
    await signIn({ email: admin.email, password: 'Wrong-Passw0rd!' });
    expect(await t.countEvents()).toBe(before);
  });

  describe('behind an https public URL', () => {
    const secure = useTestApp({ env: { PUBLIC_BASE_URL: 'https://invites.test' } });

    it('marks the cookie Secure when the public URL is https', async () => {
      const { admin: secureAdmin } = await anMspWithAdmin(secure);
      const response = await secure.anonymous().post(paths.signIn()).send({ email: secureAdmin.email, password: secureAdmin.password });
      expect(response.headers['set-cookie'][0]).toMatch(/;\s*Secure/i);
    });
  });
});
