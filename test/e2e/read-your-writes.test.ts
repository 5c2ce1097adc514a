import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import type request from 'supertest';
import type { RecordedEvent } from '../../src/shared/application/event-store.port';
import { uniqueDatabaseName, withMongoDb } from '../support/mongodb';
import { anMspWithAdmin, useTestApp } from '../support/fixtures';
import { Admin, aStrongPassword, anEmail, paths, SSO_CONFIG, SSO_MESSAGE, unique } from '../support/test-app';

/**
 * Read-your-writes (README, "Consistency model"): every command whose effect a read model shows
 * answers only once the projection has applied its own events, so the same client's next GET
 * reflects it. Each case issues the command and reads the matching GET right away, many times in
 * a row, with no sleep anywhere. A last case checks the mechanism itself for every command: the
 * readiness report taken right after the answer shows the projection past the command's events.
 *
 * On the embedded profile the projection is usually done before the next request arrives, so a
 * missing wait rarely shows there; with MongoDB read models (MONGODB_TEST_URL: FerretDB in CI)
 * every projected event costs network round trips, and the same suite fails at once without it.
 */
const ROUNDS = 20;
const LATE_WARNING = 'Answering before the read models caught up';
const CANCELED_MESSAGE = 'Not available - this tenant has been canceled.';

function readYourWritesSuite(profile: string, env: () => Record<string, string>): void {
  describe(`read your writes (${profile})`, () => {
    const t = useTestApp(() => ({ logLevel: 'warn', env: env() }));
    let admin: Admin;
    let mspId: string;
    /** Request ids of the commands sent through `command`, which are also their events' correlation ids. */
    const answered: { requestId: string; what: string; appliedWhenAnswered?: number }[] = [];

    /** Sends a command under a request id of its own, expecting `status`. */
    async function command(what: string, test: request.Test, status: number): Promise<request.Response> {
      const requestId = `ryw-${answered.length}-${randomBytes(4).toString('hex')}`;
      const response = await test.set('X-Request-Id', requestId);
      if (response.status !== status) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
      answered.push({ requestId, what });
      return response;
    }

    const asAdmin = () => t.as(admin.token);
    const getOk = async (path: string) => {
      const response = await asAdmin().get(path);
      expect(response.status).toBe(200);
      return response.body;
    };

    beforeAll(async () => {
      ({ mspId, admin } = await anMspWithAdmin(t));
    });

    it('lists a tenant as soon as its creation is answered', async () => {
      for (let i = 0; i < ROUNDS; i++) {
        const name = unique('RYW tenant');
        const { body } = await command('create tenant', asAdmin().post(paths.tenants(mspId)).send({ name }), 201);
        const { items } = await getOk(paths.tenants(mspId));
        expect(items).toContainEqual({ id: body.id, name, status: 'active' });
      }
    });

    it('lists a role, last, as soon as its creation is answered', async () => {
      const tenant = await t.createTenant(mspId, unique('Roles'), admin.token);
      for (let i = 0; i < ROUNDS; i++) {
        const created = asAdmin().post(paths.roles(tenant.id)).send({ name: `Role ${i}` });
        const { body: role } = await command('create role', created, 201);
        const { items } = await getOk(paths.roles(tenant.id));
        expect(items[items.length - 1]).toEqual(role);
        expect(items).toHaveLength(4 + i + 1);
      }
    });

    it('shows every invite link update to the next GET', async () => {
      const tenant = await t.createTenant(mspId, unique('Link'), admin.token);
      const changes = [
        (i: number) => ({ enabled: true, defaultRoleId: i % 8 === 0 ? 'member' : 'technician' }),
        (i: number) => ({ allowedDomains: [`d${i}.ryw.example`, `e${i}.ryw.example`] }),
        () => ({ enabled: false }),
        () => ({ defaultRoleId: 'read_only', allowedDomains: [] }),
      ];
      for (let i = 0; i < ROUNDS; i++) {
        const change = changes[i % changes.length](i);
        const update = asAdmin().put(paths.inviteLink(tenant.id)).send(change);
        const { body: answer } = await command('update invite link', update, 200);
        expect(answer).toMatchObject(change);
        expect(await getOk(paths.inviteLink(tenant.id))).toEqual(answer);
      }
    });

    it('shows the new link to the next GET after every regeneration', async () => {
      const tenant = await t.createTenant(mspId, unique('Regenerate'), admin.token);
      await command('enable', asAdmin().put(paths.inviteLink(tenant.id)).send({ enabled: true, defaultRoleId: 'member' }), 200);
      const urls = new Set<string>();
      for (let i = 0; i < ROUNDS; i++) {
        const { body: answer } = await command('regenerate', asAdmin().post(paths.regenerate(tenant.id)), 200);
        urls.add(answer.url);
        expect(await getOk(paths.inviteLink(tenant.id))).toEqual(answer);
      }
      expect(urls.size).toBe(ROUNDS);
    });

    it('shows the link unavailable right after SSO is configured, and available right after it is removed', async () => {
      const tenant = await t.createTenant(mspId, unique('SSO'), admin.token);
      for (let i = 0; i < ROUNDS; i++) {
        const { body: enabled } = await command(
          'enable',
          asAdmin().put(paths.inviteLink(tenant.id)).send({ enabled: true, defaultRoleId: 'member' }),
          200,
        );
        expect(await getOk(paths.inviteLink(tenant.id))).toEqual(enabled);

        await command('configure SSO', asAdmin().put(paths.sso(tenant.id)).send(SSO_CONFIG), 200);
        expect(await getOk(paths.inviteLink(tenant.id))).toMatchObject({
          enabled: false,
          url: null,
          available: false,
          unavailableReason: SSO_MESSAGE,
        });

        await command('remove SSO', asAdmin().delete(paths.sso(tenant.id)), 204);
        // R9: removing SSO does not enable the link again.
        expect(await getOk(paths.inviteLink(tenant.id))).toMatchObject({
          enabled: false,
          url: null,
          available: true,
          unavailableReason: null,
        });
      }
    });

    it('shows a tenant canceled, and its link unavailable, right after the cancelation', async () => {
      for (let i = 0; i < ROUNDS; i++) {
        const tenant = await t.createTenant(mspId, unique('Cancel'), admin.token);
        await command('enable', asAdmin().put(paths.inviteLink(tenant.id)).send({ enabled: true, defaultRoleId: 'member' }), 200);
        await command('cancel', asAdmin().post(paths.cancel(tenant.id)), 200);
        const { items } = await getOk(paths.tenants(mspId));
        expect(items).toContainEqual({ id: tenant.id, name: tenant.name, status: 'canceled' });
        expect(await getOk(paths.inviteLink(tenant.id))).toMatchObject({
          enabled: false,
          url: null,
          available: false,
          unavailableReason: CANCELED_MESSAGE,
        });
      }
    });

    it('lists an added user right after "Add Users" is answered', async () => {
      const tenant = await t.createTenant(mspId, unique('Users'), admin.token);
      for (let i = 0; i < ROUNDS; i++) {
        const email = anEmail('ryw');
        const account = { email, password: aStrongPassword(), firstName: 'Rita', lastName: `Reader ${i}`, roleId: 'technician' };
        const { body } = await command('add user', asAdmin().post(paths.users(tenant.id)).send(account), 201);
        const { items } = await getOk(`${paths.users(tenant.id)}?limit=100`);
        expect(items).toContainEqual(
          expect.objectContaining({ userId: body.userId, email, roleId: 'technician', joinedVia: 'admin' }),
        );
      }
    });

    it('answers MSP and MSP admin creation only once they are projected, ready for the next request', async () => {
      for (let i = 0; i < ROUNDS / 4; i++) {
        const { body: msp } = await command('create MSP', t.operator().post(paths.msps()).send({ name: unique('RYW MSP') }), 201);
        expect((await t.operator().get(paths.tenants(msp.id))).body).toEqual({ items: [] });
        const email = anEmail('ryw-admin');
        const password = aStrongPassword();
        const account = { email, password, firstName: 'Ada', lastName: 'Admin', permissions: ['manage_user_roles'] };
        await command('create MSP admin', t.operator().post(paths.admins(msp.id)).send(account), 201);
        const token = await t.signIn(email, password);
        expect((await t.as(token).get(paths.me())).body).toMatchObject({ email, memberships: [], msp: { mspId: msp.id } });
      }
    });

    it('has the projection past the events of every kind of command when the command answers', async () => {
      const checked: { requestId: string; what: string; appliedWhenAnswered: number }[] = [];
      /** The command, then at once the readiness report's last applied position. */
      const check = async (what: string, test: request.Test, status: number) => {
        const response = await command(what, test, status);
        const ready = await t.anonymous().get('/health/ready');
        checked.push({ ...answered[answered.length - 1], appliedWhenAnswered: ready.body.info.readModels.lastAppliedPosition });
        return response.body;
      };
      const newAccount = (roleId?: string) => ({
        email: anEmail('checked'),
        password: aStrongPassword(),
        firstName: 'Ada',
        lastName: 'Checked',
        ...(roleId ? { roleId } : { permissions: ['manage_user_roles'] }),
      });

      for (let i = 0; i < ROUNDS / 4; i++) {
        const msp = await check('create MSP', t.operator().post(paths.msps()).send({ name: unique('Checked MSP') }), 201);
        await check('create MSP admin', t.operator().post(paths.admins(msp.id)).send(newAccount()), 201);
        const tenant = await check('create tenant', asAdmin().post(paths.tenants(mspId)).send({ name: unique('Checked') }), 201);
        await check('create role', asAdmin().post(paths.roles(tenant.id)).send({ name: 'Checked role' }), 201);
        const link = { enabled: true, defaultRoleId: 'member', allowedDomains: [`c${i}.ryw.example`] };
        await check('update invite link', asAdmin().put(paths.inviteLink(tenant.id)).send(link), 200);
        await check('regenerate', asAdmin().post(paths.regenerate(tenant.id)), 200);
        await check('configure SSO', asAdmin().put(paths.sso(tenant.id)).send(SSO_CONFIG), 200);
        await check('remove SSO', asAdmin().delete(paths.sso(tenant.id)), 204);
        await check('add user', asAdmin().post(paths.users(tenant.id)).send(newAccount('member')), 201);
        await check('cancel', asAdmin().post(paths.cancel(tenant.id)), 200);
      }

      const events = await t.readAllEvents();
      // Sibling-domain claims are decided and kept on the write side only (R4): no read model
      // shows them, and a link update releases stale ones after it has answered.
      const projectable = events.filter((event: RecordedEvent) => !event.streamName.startsWith('mspDomainClaims-'));
      const lastPositionOf = (requestId: string) =>
        Math.max(...projectable.filter((event) => event.metadata.correlationId === requestId).map((event) => event.position));
      const late = checked
        .map(({ what, requestId, appliedWhenAnswered }) => ({ what, appliedWhenAnswered, lastEvent: lastPositionOf(requestId) }))
        .filter(({ lastEvent, appliedWhenAnswered }) => !(Number.isFinite(lastEvent) && appliedWhenAnswered >= lastEvent));
      expect(late).toEqual([]);
      expect(new Set(checked.map((c) => c.what)).size).toBe(10);
    });

    it('never had to answer before the read models caught up', () => {
      expect(answered.length).toBeGreaterThan(ROUNDS * 8);
      expect(t.output()).not.toContain(LATE_WARNING);
    });
  });
}

readYourWritesSuite('embedded read models', () => ({}));

withMongoDb('read-your-writes on MongoDB read models', (url) => {
  const base = uniqueDatabaseName('ryw');
  const readModelUrl = new URL(url);
  readModelUrl.pathname = `/${base}`;
  readYourWritesSuite('MongoDB read models', () => ({ READ_MODEL_URL: readModelUrl.toString() }));

  afterAll(async () => {
    // Each read-model generation is a database `<base>_<generation>`.
    const client = await MongoClient.connect(url, { serverSelectionTimeoutMS: 10_000 });
    try {
      const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
      for (const { name } of databases) if (name.startsWith(`${base}_`)) await client.db(name).dropDatabase();
    } finally {
      await client.close();
    }
  });
});
