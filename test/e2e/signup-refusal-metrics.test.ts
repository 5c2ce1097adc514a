import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { SIGNUP_REFUSAL_REASONS, SignupRefusalReason } from '../../src/shared/application/signup-refusals.port';
import { RATE_LIMIT_POLICIES } from '../../src/shared/http/rate-limit/rate-limit.policies';
import { DEFAULT_MICROSOFT_FLOW_LIMITS } from '../../src/modules/microsoft-sign-in/application/microsoft-flow.store';
import { type EntraUser } from '../support/entra-provider';
import { aJoinForm, anMspWithAdmin, aSignup, aTenantWithLink, LinkSettings, usersOf } from '../support/fixtures';
import { csrfFieldOf, FormBrowser as Browser } from '../support/form-browser';
import { useTestAppWithMicrosoft } from '../support/microsoft-fixtures';
import { Admin, anEmail, paths, PUBLIC_BASE_URL, unique } from '../support/test-app';

const METRIC = 'invite_link_signups_refused_total';

type Counts = Record<SignupRefusalReason, number>;

/** The counter's sample of every reason, as /metrics shows it now (NaN when a sample is missing). */
function countsIn(text: string): Counts {
  const lines = text.split('\n');
  const sample = (reason: string) => {
    const line = lines.find((l) => l.startsWith(`${METRIC}{reason="${reason}"} `));
    return line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  return Object.fromEntries(SIGNUP_REFUSAL_REASONS.map((reason) => [reason, sample(reason)])) as Counts;
}

const nothingMoved: Counts = Object.fromEntries(SIGNUP_REFUSAL_REASONS.map((reason) => [reason, 0])) as Counts;
const onlyOne = (reason: SignupRefusalReason): Counts => ({ ...nothingMoved, [reason]: 1 });

/** The default limit of a rate-limit rule (the test app sets no RATE_LIMIT_* variable). */
const limitOf = (rule: string) =>
  Object.values(RATE_LIMIT_POLICIES)
    .flat()
    .find((candidate) => candidate.name === rule)!.points;

let addresses = 0;
/** Each API client its own address (the app trusts X-Forwarded-For from loopback), so per-IP limits never mix tests. */
const anAddress = () => {
  addresses += 1;
  return `192.0.2.${addresses % 250}`;
};

/**
 * Refused signups through an invite link, counted by reason in GET /metrics, on every path: the
 * JSON API, the join page's form (no JavaScript) and the Microsoft signup. Each case reads the
 * counter before and after, and exactly its own reason must have gone up by one.
 */
describe('refused signups by reason (Prometheus counter)', () => {
  const { t, provider } = useTestAppWithMicrosoft();
  let admin: Admin;
  const contoso = randomUUID();
  const fabrikam = randomUUID();

  beforeAll(async () => {
    ({ admin } = await anMspWithAdmin(t));
  });

  const scrape = async (): Promise<Counts> => {
    const response = await t.anonymous().get('/metrics');
    expect(response.status).toBe(200);
    return countsIn(response.text);
  };

  /** What `act` moved on the counter, reason by reason. */
  async function movedBy(act: () => Promise<void>): Promise<Counts> {
    const before = await scrape();
    await act();
    const after = await scrape();
    return Object.fromEntries(SIGNUP_REFUSAL_REASONS.map((reason) => [reason, after[reason] - before[reason]])) as Counts;
  }

  const aLink = async (settings: LinkSettings = {}) => {
    const { tenantId, token } = await aTenantWithLink(t, admin, settings, unique('Refusals'));
    return { tenantId, token };
  };

  const apiSignUp = (token: string, body: Record<string, unknown>, address = anAddress()) =>
    t.anonymous().post(`/api/v1/invite-links/${encodeURIComponent(token)}/signups`).set('X-Forwarded-For', address).send(body);

  /** The join page's form, posted by a browser without JavaScript (the CSRF field from the page of a real link). */
  async function formSignUp(token: string, form: Record<string, string>, csrfFrom = token): Promise<Response> {
    const browser = new Browser(t);
    const page = await browser.get(`/join/${csrfFrom}`);
    expect(page.status).toBe(200);
    return browser.post(`/join/${token}`, { ...form, _csrf: csrfFieldOf(page.text) });
  }

  const aUser = (overrides: Partial<EntraUser> = {}): EntraUser => ({
    tid: contoso,
    oid: randomUUID(),
    email: anEmail('ms'),
    xms_edov: true,
    name: 'Mia Microsoft',
    ...overrides,
  });

  /** Join page → "Continue with Microsoft" → the authorization URL (a 303 to the provider). */
  async function startMicrosoft(browser: Browser, token: string): Promise<string> {
    const page = await browser.get(`/join/${token}`);
    const started = await browser.post(`/join/${token}/microsoft`, { _csrf: csrfFieldOf(page.text) });
    expect(started.status).toBe(303);
    return String(started.headers.location);
  }

  async function microsoftCallback(authorizationUrl: string, user: EntraUser): Promise<string> {
    const callback = await provider().signIn(authorizationUrl, user);
    expect(callback.origin).toBe(PUBLIC_BASE_URL);
    return `${callback.pathname}${callback.search}`;
  }

  async function microsoftSignUp(token: string, user: EntraUser): Promise<Response> {
    const browser = new Browser(t);
    return browser.get(await microsoftCallback(await startMicrosoft(browser, token), user));
  }

  it('exposes every reason at 0 before the first refusal, as a counter', async () => {
    const text = (await t.anonymous().get('/metrics')).text;
    expect(text).toContain(`# TYPE ${METRIC} counter`);
    expect(text).toMatch(new RegExp(`^# HELP ${METRIC} \\S`, 'm'));
    expect(countsIn(text)).toEqual(nothingMoved);
    // No other label value, and no other label.
    const samples = text.split('\n').filter((line) => line.startsWith(`${METRIC}{`));
    expect(samples.map((line) => line.slice(0, line.lastIndexOf(' '))).sort()).toEqual(
      SIGNUP_REFUSAL_REASONS.map((reason) => `${METRIC}{reason="${reason}"}`).sort(),
    );
  });

  describe('the JSON API', () => {
    it('link_not_valid: a token no link accepts', async () => {
      expect(await movedBy(async () => expect((await apiSignUp(`no-such-${randomUUID()}`, aSignup())).status).toBe(404))).toEqual(
        onlyOne('link_not_valid'),
      );
    });

    it('domain_not_allowed: an email outside the allowed domains', async () => {
      const { token } = await aLink({ allowedDomains: [`${unique('only')}.example`] });
      expect(await movedBy(async () => expect((await apiSignUp(token, aSignup())).status).toBe(403))).toEqual(
        onlyOne('domain_not_allowed'),
      );
    });

    it('already_registered: an email that has an account; the successful signup before it moves nothing', async () => {
      const { token } = await aLink();
      const email = anEmail('twice');
      expect(await movedBy(async () => expect((await apiSignUp(token, aSignup({ email }))).status).toBe(201))).toEqual(nothingMoved);
      expect(await movedBy(async () => expect((await apiSignUp(token, aSignup({ email }))).status).toBe(409))).toEqual(
        onlyOne('already_registered'),
      );
    });

    it('rate_limited: the request past the per-IP limit; the refused forms before it are not refusals of the link', async () => {
      const { token } = await aLink();
      const address = anAddress();
      const rejected = await movedBy(async () => {
        for (let i = 0; i < limitOf('signup-ip'); i++) {
          expect((await apiSignUp(token, aSignup({ acceptTerms: false }), address)).status).toBe(422);
        }
      });
      expect(rejected).toEqual(nothingMoved);
      expect(await movedBy(async () => expect((await apiSignUp(token, aSignup(), address)).status).toBe(429))).toEqual(
        onlyOne('rate_limited'),
      );
    });
  });

  describe('the join page form (no JavaScript)', () => {
    it('moves nothing when the signup succeeds', async () => {
      const { token } = await aLink();
      expect(await movedBy(async () => expect((await formSignUp(token, aJoinForm())).status).toBe(303))).toEqual(nothingMoved);
    });

    it('link_not_valid: a token no link accepts', async () => {
      const { token } = await aLink();
      const moved = await movedBy(async () => {
        expect((await formSignUp(`no-such-${randomUUID()}`, aJoinForm(), token)).status).toBe(404);
      });
      expect(moved).toEqual(onlyOne('link_not_valid'));
    });

    it('domain_not_allowed: an email outside the allowed domains', async () => {
      const { token } = await aLink({ allowedDomains: [`${unique('only')}.example`] });
      expect(await movedBy(async () => expect((await formSignUp(token, aJoinForm())).status).toBe(403))).toEqual(
        onlyOne('domain_not_allowed'),
      );
    });

    it('already_registered: an email that has an account', async () => {
      const { token } = await aLink();
      const email = anEmail('form-twice');
      expect((await formSignUp(token, aJoinForm({ email }))).status).toBe(303);
      expect(await movedBy(async () => expect((await formSignUp(token, aJoinForm({ email }))).status).toBe(409))).toEqual(
        onlyOne('already_registered'),
      );
    });

    it('rate_limited: the post past the per-IP limit', async () => {
      const { token } = await aLink();
      const browser = new Browser(t);
      const page = await browser.get(`/join/${token}`);
      const expired = await movedBy(async () => {
        // An expired form (wrong CSRF field) still counts against the limit, and is no refusal of the link.
        for (let i = 0; i < limitOf('signup-ip'); i++) expect((await browser.post(`/join/${token}`, aJoinForm({ _csrf: 'nope' }))).status).toBe(403);
      });
      expect(expired).toEqual(nothingMoved);
      const moved = await movedBy(async () => {
        expect((await browser.post(`/join/${token}`, aJoinForm({ _csrf: csrfFieldOf(page.text) }))).status).toBe(429);
      });
      expect(moved).toEqual(onlyOne('rate_limited'));
    });
  });

  describe('the Microsoft signup', () => {
    it('moves nothing when the signup succeeds', async () => {
      const { token } = await aLink();
      expect(await movedBy(async () => expect((await microsoftSignUp(token, aUser())).status).toBe(303))).toEqual(nothingMoved);
    });

    it('microsoft_organization_not_allowed: an account of an organization the link does not list', async () => {
      const { tenantId, token } = await aLink();
      expect((await t.as(admin.token).put(paths.inviteLink(tenantId)).send({ allowedMicrosoftTenantIds: [contoso] })).status).toBe(200);
      expect(await movedBy(async () => expect((await microsoftSignUp(token, aUser({ tid: fabrikam }))).status).toBe(403))).toEqual(
        onlyOne('microsoft_organization_not_allowed'),
      );
    });

    it('link_not_valid: "Continue with Microsoft" on a token no link accepts', async () => {
      const { token } = await aLink();
      const browser = new Browser(t);
      const page = await browser.get(`/join/${token}`);
      const moved = await movedBy(async () => {
        expect((await browser.post(`/join/no-such-${randomUUID()}/microsoft`, { _csrf: csrfFieldOf(page.text) })).status).toBe(404);
      });
      expect(moved).toEqual(onlyOne('link_not_valid'));
    });

    it('link_not_valid: the link was disabled while the user was at Microsoft, counted once', async () => {
      const { tenantId, token } = await aLink();
      const browser = new Browser(t);
      const authorizationUrl = await startMicrosoft(browser, token);
      expect((await t.as(admin.token).put(paths.inviteLink(tenantId)).send({ enabled: false })).status).toBe(200);
      const callback = await microsoftCallback(authorizationUrl, aUser());
      expect(await movedBy(async () => expect((await browser.get(callback)).status).toBe(404))).toEqual(onlyOne('link_not_valid'));
    });

    it('domain_not_allowed: a verified email outside the allowed domains', async () => {
      const { token } = await aLink({ allowedDomains: [`${unique('only')}.example`] });
      expect(await movedBy(async () => expect((await microsoftSignUp(token, aUser())).status).toBe(403))).toEqual(
        onlyOne('domain_not_allowed'),
      );
    });

    it('already_registered: an email that has an account (made by password)', async () => {
      const { token } = await aLink();
      const email = anEmail('ms-taken');
      expect((await apiSignUp(token, aSignup({ email }))).status).toBe(201);
      expect(await movedBy(async () => expect((await microsoftSignUp(token, aUser({ email }))).status).toBe(409))).toEqual(
        onlyOne('already_registered'),
      );
    });

    it('already_registered: the same Microsoft account again', async () => {
      const { tenantId, token } = await aLink();
      const user = aUser();
      expect((await microsoftSignUp(token, user)).status).toBe(303);
      expect(await movedBy(async () => expect((await microsoftSignUp(token, { ...user, email: anEmail('ms-again') })).status).toBe(409))).toEqual(
        onlyOne('already_registered'),
      );
      expect(await usersOf(t, admin.token, tenantId)).toHaveLength(1);
    });

    it('rate_limited: the start past the per-IP limit, and nothing for a sign-in refused the same way', async () => {
      const { token } = await aLink();
      const browser = new Browser(t);
      const page = await browser.get(`/join/${token}`);
      const expired = await movedBy(async () => {
        for (let i = 0; i < limitOf('microsoft-start-ip'); i++) {
          expect((await browser.post(`/join/${token}/microsoft`, { _csrf: 'nope' })).status).toBe(403);
        }
      });
      expect(expired).toEqual(nothingMoved);
      const csrf = csrfFieldOf(page.text);
      expect(await movedBy(async () => expect((await browser.post(`/join/${token}/microsoft`, { _csrf: csrf })).status).toBe(429))).toEqual(
        onlyOne('rate_limited'),
      );
      // The same policy guards the Microsoft sign-in: its 429 is no signup refused.
      expect(await movedBy(async () => expect((await browser.post('/sign-in/microsoft', { _csrf: csrf })).status).toBe(429))).toEqual(
        nothingMoved,
      );
    });

    it('rate_limited: a start refused because the address has too many Microsoft flows in progress', async () => {
      const { token } = await aLink();
      const browser = new Browser(t);
      const page = await browser.get(`/join/${token}`);
      const csrf = csrfFieldOf(page.text);
      const started = await movedBy(async () => {
        for (let i = 0; i < DEFAULT_MICROSOFT_FLOW_LIMITS.perClient; i++) {
          // A script keeps no flow cookie, so each start is a new flow.
          delete browser.cookies.ms_flow;
          expect((await browser.post(`/join/${token}/microsoft`, { _csrf: csrf })).status).toBe(303);
        }
      });
      expect(started).toEqual(nothingMoved);
      delete browser.cookies.ms_flow;
      expect(await movedBy(async () => expect((await browser.post(`/join/${token}/microsoft`, { _csrf: csrf })).status).toBe(429))).toEqual(
        onlyOne('rate_limited'),
      );
    });
  });
});
