import { expectFieldError } from '../support/assertions';
import { anMspWithAdmin, aTenantWithLink, useTestApp } from '../support/fixtures';
import { Admin, anEmail, aStrongPassword, paths, unique } from '../support/test-app';

/**
 * R13 against the maintained list (49,233 passwords from @zxcvbn-ts/language-common), on both
 * paths that create a password account: the public signup and an admin's "Add Users". The
 * message is the one R13 always gave for a common password.
 */
const TOO_COMMON = 'This password is too common. Choose a less predictable one.';

const t = useTestApp();
let admin: Admin;
let tenantId: string;
let token: string;
let ip = 0;

beforeAll(async () => {
  ({ admin } = await anMspWithAdmin(t));
  ({ tenantId, token } = await aTenantWithLink(t, admin, {}, unique('Common')));
});

function signUp(password: string) {
  ip += 1;
  return t
    .anonymous()
    .post(`${paths.publicLink(token)}/signups`)
    .set('X-Forwarded-For', `10.77.0.${ip}`)
    .send({ firstName: 'Nia', lastName: 'Newcomer', email: anEmail('common'), password, passwordConfirmation: password, acceptTerms: true });
}

describe('a dressed-up common password is refused, naming password, and nothing is written', () => {
  it.each(['Summer2026!', 'P@ssw0rd!', 'Dragon2026#'])('public signup with %j: 422', async (password) => {
    const before = await t.countEvents();
    const response = await signUp(password);
    expectFieldError(response, 422, 'password');
    expect(response.body).toMatchObject({ code: 'invalid_signup' });
    expect(response.body.errors).toEqual([{ field: 'password', message: TOO_COMMON }]);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(await t.countEvents()).toBe(before);
  });

  it('Add Users with "Welc0me-2026": 422', async () => {
    const before = await t.countEvents();
    const response = await t
      .as(admin.token)
      .post(paths.users(tenantId))
      .send({ email: anEmail('added'), password: 'Welc0me-2026', firstName: 'Ada', lastName: 'Added', roleId: 'member' });
    expectFieldError(response, 422, 'password');
    expect(String(response.body.message)).toContain(TOO_COMMON);
    expect(await t.countEvents()).toBe(before);
  });

  it('a strong password still signs up', async () => {
    expect((await signUp(aStrongPassword())).status).toBe(201);
    expect((await signUp('Glacier-Violet-Tram-42')).status).toBe(201);
  });
});
