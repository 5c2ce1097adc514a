import { randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { anMspWithAdmin, enableLink } from '../support/fixtures';
import { useTestAppWithMicrosoft } from '../support/microsoft-fixtures';
import { csrfFieldOf } from '../support/form-browser';
import { Admin, paths, PUBLIC_BASE_URL, tokenOf, unique } from '../support/test-app';

/**
 * No token in any log line (issue 11, items 3 and 9): a barrage of requests carrying invite
 * tokens, made-up tokens, session JWTs and the Microsoft flow's secrets (code, state, nonce,
 * code_challenge, flow id) in every place a request can carry them — route parameter, other path
 * segments, query, fragment-like positions, Referer, unknown routes, join, sign-in, API, callback,
 * 4xx and 5xx answers — then the captured log (the app process's real stdout, at debug level) is
 * searched for every one of them.
 */
describe('log redaction', () => {
  const { t, provider } = useTestAppWithMicrosoft({ logLevel: 'debug' });
  let admin: Admin;
  let tenantId: string;
  const secrets = new Map<string, string>();
  const responses: Response[] = [];
  const aToken = () => randomBytes(32).toString('base64url');

  const keep = (name: string, value: string): string => {
    expect(value.length).toBeGreaterThanOrEqual(20);
    secrets.set(name, value);
    return value;
  };
  const send = async (pending: PromiseLike<Response>): Promise<Response> => {
    const response = await pending;
    responses.push(response);
    return response;
  };
  const cookiesOf = (response: Response): string =>
    ([] as string[])
      .concat(response.headers['set-cookie'] ?? [])
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
  const csrfOf = csrfFieldOf;

  beforeAll(async () => {
    const { msp, admin: mspAdmin } = await anMspWithAdmin(t);
    admin = mspAdmin;
    keep('session JWT', admin.token);
    tenantId = (await t.createTenant(msp.id, unique('Logged'), admin.token)).id;
    const oldToken = keep('regenerated invite token', (await enableLink(t, admin.token, tenantId)).token);
    const regenerated = await t.as(admin.token).post(paths.regenerate(tenantId));
    const token = keep('invite token', tokenOf(regenerated.body.url));
    const fake = keep('made-up token', aToken());
    const other = keep('another made-up token', aToken());
    const referer = (value: string) => `https://mail.example/read?m=1&link=${encodeURIComponent(`${PUBLIC_BASE_URL}/join/${value}`)}`;
    const anon = () => t.anonymous();

    // Tokens in and out of the route parameter, on known and unknown routes, with a Referer.
    for (const value of [token, oldToken, fake]) {
      await send(anon().get(`/join/${value}?x=${value}`).set('Referer', referer(value)));
      await send(anon().get(`/nonexistent/${value}`).set('Referer', `${PUBLIC_BASE_URL}/join/${value}`));
      await send(anon().get(`/nonexistent/${value}?x=${value}&y=${other}`));
      await send(anon().get(`/nonexistent/a/${value}/b%23${value}?q=%23${value}`));
      await send(anon().get(`${paths.publicLink(value)}?token=${value}`).set('Referer', referer(value)));
      await send(anon().get(`/api/v1/tenants/${tenantId}/invite-link?x=${value}`).set('Referer', referer(value)));
      await send(anon().get(`/api/v1/tenants/${value}/users?cursor=${value}`).set('Authorization', `Bearer ${value}`));
      await send(anon().get(`/api/v1/nonexistent/${value}`).set('Cookie', `session=${value}`));
      await send(anon().get(`/sign-in?next=/join/${value}&state=${value}`).set('Referer', referer(value)));
      await send(anon().get(`/app?session=${admin.token}&t=${value}`));
      await send(anon().get(`/admin/tenants/${value}/users`).set('Referer', referer(value)));
    }
    // 4xx and 5xx answers with the tokens in the body and the path: refused signups, bad JSON,
    // hostile characters, a body nested deeper than any validator expects, a wrong CSRF field.
    const signup = (value: string) => `/api/v1/invite-links/${value}/signups?v=${value}`;
    await send(anon().post(signup(token)).send({ email: `${fake}@x.example`, password: fake, firstName: fake }));
    await send(anon().post(signup(fake)).set('Content-Type', 'application/json').send(`{"email":"${fake}`));
    await send(anon().post(signup(fake)).set('Content-Type', 'application/json').send(`${fake}`));
    await send(anon().post(signup(token)).send({ email: `\ud800${fake}@x.example`, firstName: `\u202e${fake}` }));
    let nested: unknown = { token: fake, other };
    for (let i = 0; i < 3000; i++) nested = { a: nested };
    await send(anon().post(signup(token)).set('Content-Type', 'application/json').send(JSON.stringify(nested)));
    await send(anon().post(paths.signIn()).send({ email: `${fake}@x.example`, password: other }));
    await send(anon().post(`/join/${token}?x=${fake}`).type('form').send({ _csrf: fake, email: `${fake}@x.example` }));
    await send(anon().post(`/join/${fake}/microsoft?x=${fake}`).type('form').send({ _csrf: fake }));
    await send(anon().post(`/sign-in/microsoft?x=${fake}`).type('form').send({ _csrf: fake, email: fake }));
    await send(t.as(admin.token).post(`/api/v1/msps/${msp.id}/admins?x=${fake}`).send({ email: `\ud800${fake}`, password: fake }));
    await send(t.as(admin.token).post(`/api/v1/tenants/${tenantId}/users`).send({ email: `\ud800@${fake}.example` }));

    // Microsoft, for real: a signup through the link and a sign-in, then their callbacks.
    const join = await send(anon().get(`/join/${token}`));
    const started = await send(
      anon()
        .post(`/join/${token}/microsoft`)
        .set('Cookie', cookiesOf(join))
        .set('Referer', `${PUBLIC_BASE_URL}/join/${token}`)
        .type('form')
        .send({ _csrf: csrfOf(join.text) }),
    );
    expect(started.status).toBe(303);
    const authorization = new URL(String(started.headers.location));
    for (const name of ['state', 'nonce', 'code_challenge']) keep(name, authorization.searchParams.get(name) ?? '');
    const flowCookie = cookiesOf(started);
    keep('flow id', /ms_flow=([^;]+)/.exec(flowCookie)?.[1] ?? '');
    const callback = await provider().signIn(authorization, { tid: randomUUID(), oid: randomUUID(), email: `${unique('ms')}@x.example`, xms_edov: true });
    keep('authorization code', callback.searchParams.get('code') ?? '');
    const callbackPath = `${callback.pathname}${callback.search}`;
    // A forged answer first (kept flow), then the real one, then its replay.
    await send(anon().get(`/auth/microsoft/callback?error=access_denied&state=${fake}`).set('Cookie', flowCookie));
    const done = await send(anon().get(callbackPath).set('Cookie', flowCookie).set('Referer', authorization.href));
    expect(done.status).toBe(303);
    await send(anon().get(callbackPath).set('Cookie', flowCookie));
    await send(anon().get(`/auth/microsoft/callback?code=${fake}&state=${other}&session_state=${randomUUID()}`));

    const signInPage = await send(anon().get('/sign-in'));
    const signInStart = await send(
      anon().post('/sign-in/microsoft').set('Cookie', cookiesOf(signInPage)).type('form').send({ _csrf: csrfOf(signInPage.text) }),
    );
    const signInAuthorization = new URL(String(signInStart.headers.location));
    const signInState = keep('sign-in state', signInAuthorization.searchParams.get('state') ?? '');
    keep('sign-in nonce', signInAuthorization.searchParams.get('nonce') ?? '');
    await send(
      anon()
        .get(`/auth/microsoft/callback?error=access_denied&error_description=${fake}&state=${signInState}`)
        .set('Cookie', cookiesOf(signInStart)),
    );

    await send(anon().get('/health').set('X-Request-Id', 'end-of-the-barrage'));
    for (let i = 0; i < 100 && !t.output().includes('end-of-the-barrage'); i++) await new Promise((r) => setTimeout(r, 20));
  }, 60_000);


  it('logged the barrage, 4xx answers included', () => {
    expect(t.output()).toContain('end-of-the-barrage');
    const lines = t
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { req?: { id: string; url: string } });
    const logged = new Set(lines.flatMap((line) => (line.req ? [line.req.id] : [])));
    // Every request is in the log, those whose body the parsers refused (bad JSON, too deep)
    // included: their refusal is raised only after the request logger has seen them.
    for (const response of responses) expect(logged).toContain(response.headers['x-request-id']);
    expect(responses.filter((response) => response.status >= 400).length).toBeGreaterThan(30);
    expect(responses.length).toBeGreaterThan(40);
  });

  it('has no token in any log line: 0 hits for every token used', () => {
    const output = t.output();
    const hits = [...secrets].map(([name, value]) => [name, output.split(value).length - 1] as const);
    // The figure for the note: every token used, and how often it appears in the log.
    console.log(`log redaction: ${secrets.size} tokens, ${responses.length} requests, ${output.length} bytes of log, hits: ${JSON.stringify(Object.fromEntries(hits))}`);
    expect(hits.filter(([, count]) => count > 0)).toEqual([]);
    expect(secrets.size).toBeGreaterThanOrEqual(12);
  });

  it('keeps what operators need: tenant ids, route shapes, request ids', () => {
    const output = t.output();
    expect(output).toContain(`/api/v1/tenants/${tenantId}/invite-link?x=[redacted]`);
    expect(output).toContain('/nonexistent/[redacted]?x=[redacted]');
    expect(output).toContain('/join/[token]?x=[redacted]');
    expect(output).toContain('/auth/microsoft/callback?code=[redacted]&state=[redacted]');
    expect(output).toContain('"id":"end-of-the-barrage"');
  });
});
