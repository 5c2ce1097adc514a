import { randomUUID } from 'node:crypto';
import { aSignup, anMspWithAdmin, aTenantWithLink } from '../support/fixtures';
import { csrfFieldOf, FormBrowser } from '../support/form-browser';
import { useTestAppWithMicrosoft } from '../support/microsoft-fixtures';
import { Admin, anEmail, paths } from '../support/test-app';

interface DayStats {
  day: string;
  joins: number;
  byMethod: { password: number; microsoft: number };
}
interface Stats {
  days: DayStats[];
  totals: { joins: number; byRole: { roleId: string; roleName: string; joins: number }[] };
}

const statsPath = (tenantId: string) => `${paths.inviteLink(tenantId)}/stats`;
/** Just before and just after midnight UTC: the two joins land on different days. */
const LATE_ON_DAY_ONE = '2026-04-10T23:59:00.000Z';
const EARLY_ON_DAY_TWO = '2026-04-11T00:00:30.000Z';
const LONG_BEFORE = '2025-05-01T12:00:00.000Z';

/**
 * GET /api/v1/tenants/:tenantId/invite-link/stats (docs/http-api.md) over real signups, with
 * a password and with Microsoft, at instants the test sets on the app's clock: UTC days, the
 * window ending today, days without joins, role names of custom roles, and the 400 for `days`.
 */
describe('invite link stats API', () => {
  const { t, provider } = useTestAppWithMicrosoft({ controllableClock: true });
  let admin: Admin;
  let tenantId: string;
  let token: string;

  const stats = async (query = ''): Promise<Stats> => {
    const response = await t.as(admin.token).get(`${statsPath(tenantId)}${query}`);
    expect([query, response.status]).toEqual([query, 200]);
    return response.body as Stats;
  };
  const joinWithPassword = async () => {
    const joined = await t.anonymous().post(`${paths.publicLink(token)}/signups`).send(aSignup());
    expect(joined.status).toBe(201);
  };
  /** Join page → Microsoft → callback, as a browser would. */
  const joinWithMicrosoft = async () => {
    const browser = new FormBrowser(t);
    const page = await browser.get(`/join/${token}`);
    const started = await browser.post(`/join/${token}/microsoft`, { _csrf: csrfFieldOf(page.text) });
    expect(started.status).toBe(303);
    const user = { tid: randomUUID(), oid: randomUUID(), email: anEmail('ms'), xms_edov: true, name: 'Mia Microsoft' };
    const callback = await provider().signIn(String(started.headers.location), user);
    const landed = await browser.get(`${callback.pathname}${callback.search}`);
    expect([landed.status, landed.headers.location]).toEqual([303, '/app']);
  };
  const setDefaultRole = async (defaultRoleId: string) => {
    expect((await t.as(admin.token).put(paths.inviteLink(tenantId)).send({ defaultRoleId })).status).toBe(200);
  };
  const none = (day: string): DayStats => ({ day, joins: 0, byMethod: { password: 0, microsoft: 0 } });

  beforeAll(async () => {
    ({ admin } = await anMspWithAdmin(t));
    ({ tenantId, token } = await aTenantWithLink(t, admin, { defaultRoleId: 'member' }));
    const helpDesk = await t.as(admin.token).post(paths.roles(tenantId)).send({ name: 'Help Desk' });
    expect(helpDesk.status).toBe(201);

    t.clock.set(LONG_BEFORE);
    await joinWithPassword();
    t.clock.set(LATE_ON_DAY_ONE);
    await joinWithPassword();
    await joinWithPassword();
    await setDefaultRole(helpDesk.body.id);
    t.clock.set(EARLY_ON_DAY_TWO);
    await joinWithPassword();
    await joinWithMicrosoft();
  }, 60_000);

  it('counts the joins of each UTC day by method, oldest day first, the window ending today', async () => {
    expect(await stats('?days=3')).toEqual({
      days: [none('2026-04-09'), { day: '2026-04-10', joins: 2, byMethod: { password: 2, microsoft: 0 } }, { day: '2026-04-11', joins: 2, byMethod: { password: 1, microsoft: 1 } }],
      totals: {
        joins: 4,
        // As many joins each: by name. A custom role is named, not left as its id.
        byRole: [
          { roleId: expect.stringMatching(/^[0-9a-f-]{36}$/), roleName: 'Help Desk', joins: 2 },
          { roleId: 'member', roleName: 'Member', joins: 2 },
        ],
      },
    });
  });

  it('covers 30 days by default, and as many as asked up to 366', async () => {
    const month = await stats();
    expect(month.days).toHaveLength(30);
    expect([month.days[0].day, month.days.at(-1)!.day]).toEqual(['2026-03-13', '2026-04-11']);
    expect(month.totals.joins).toBe(4);
    expect(month.days.filter((day) => day.joins > 0).map((day) => day.day)).toEqual(['2026-04-10', '2026-04-11']);

    const year = await stats('?days=366');
    expect([year.days.length, year.days[0].day, year.totals.joins]).toEqual([366, '2025-04-11', 5]);
    expect(year.days.find((day) => day.day === '2025-05-01')).toEqual({ day: '2025-05-01', joins: 1, byMethod: { password: 1, microsoft: 0 } });
  });

  it('moves the window with the clock: the next day, the joins of the day before yesterday are out of ?days=2', async () => {
    t.clock.set('2026-04-12T08:00:00.000Z');
    try {
      const { days, totals } = await stats('?days=2');
      expect(days).toEqual([{ day: '2026-04-11', joins: 2, byMethod: { password: 1, microsoft: 1 } }, none('2026-04-12')]);
      expect(totals.joins).toBe(2);
    } finally {
      t.clock.set(EARLY_ON_DAY_TWO);
    }
  });

  it('gives a tenant without joins every day with 0', async () => {
    const quiet = await aTenantWithLink(t, admin, { defaultRoleId: 'member' });
    const response = await t.as(admin.token).get(`${statsPath(quiet.tenantId)}?days=2`);
    expect(response.body).toEqual({ days: [none('2026-04-10'), none('2026-04-11')], totals: { joins: 0, byRole: [] } });
  });

  it.each([['days='], ['days=0'], ['days=367'], ['days=1e2'], ['days=5.0'], ['days=%205'], ['days=-1'], ['days=ten'], ['days=5&days=6']])(
    'answers 400 naming days for ?%s',
    async (query) => {
      const response = await t.as(admin.token).get(`${statsPath(tenantId)}?${query}`);
      expect([response.status, response.body]).toEqual([
        400,
        { statusCode: 400, message: ['days must be an integer from 1 to 366'], error: 'Bad Request', code: 'invalid_request', fields: ['days'] },
      ]);
    },
  );

  it('refuses any other parameter, as the history does', async () => {
    const response = await t.as(admin.token).get(`${statsPath(tenantId)}?from=2026-04-01`);
    expect([response.status, response.body.fields, response.body.message]).toEqual([400, ['from'], ['from: property from should not exist']]);
  });
});
