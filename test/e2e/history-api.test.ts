import { HISTORY_EVENT_TYPES } from '../../src/modules/invite-links/use-cases/get-invite-link-history/history-event-types';
import { BAD_AUDIT_QUERIES, expectRefusedNaming } from '../support/audit-query-cases';
import { aSignup, anMspWithAdmin, enableLink, useTestApp } from '../support/fixtures';
import { Admin, paths, SSO_CONFIG } from '../support/test-app';

interface Item {
  id: string;
  type: string;
  at: string;
  actor: { type: string; id?: string };
  actorName: string;
  data: Record<string, unknown>;
  revision: number;
  correlationId: string;
}

interface HistoryPage {
  items: Item[];
  nextCursor: string | null;
}

/**
 * The history API's parameters (docs/http-api.md): type, from, to, limit, cursor and order;
 * the items' id, revision, correlation id and actor name; the tenant events that decide whether
 * the link works; stable paging while the link keeps changing; and no URL for read-only callers.
 */
describe('invite link history API', () => {
  const t = useTestApp({ controllableClock: true });
  let admin: Admin;
  let mspId: string;

  const history = (tenantId: string, query: Record<string, string | number> = {}, token = admin.token) =>
    t.as(token).get(paths.history(tenantId)).query(query);
  const page = async (tenantId: string, query: Record<string, string | number> = {}): Promise<HistoryPage> => {
    const response = await history(tenantId, query);
    expect([response.status, response.body]).toEqual([200, expect.anything()]);
    return response.body as HistoryPage;
  };
  /** Every page, following nextCursor, with the same query. */
  const allPages = async (tenantId: string, query: Record<string, string | number>): Promise<HistoryPage[]> => {
    const pages: HistoryPage[] = [];
    let cursor: string | null | undefined;
    do {
      const next = await page(tenantId, cursor ? { ...query, cursor } : query);
      pages.push(next);
      cursor = next.nextCursor;
    } while (cursor);
    return pages;
  };
  const expect400 = async (tenantId: string, query: Record<string, string | number>, field: string, message: RegExp) => {
    const response = await history(tenantId, query);
    expect([JSON.stringify(query), response.status, response.body.code]).toEqual([JSON.stringify(query), 400, 'invalid_request']);
    expect(response.body.fields).toEqual([field]);
    expect(response.body.message).toEqual([expect.stringMatching(message)]);
  };
  const changeRole = (tenantId: string, to: string, token = admin.token) =>
    t.as(token).put(paths.inviteLink(tenantId)).send({ defaultRoleId: to });
  /** n real changes: the default role alternates, so each request records one event. */
  const changes = async (tenantId: string, n: number, from = 0) => {
    for (let i = from; i < from + n; i++) expect((await changeRole(tenantId, i % 2 === 0 ? 'technician' : 'member')).status).toBe(200);
  };

  beforeAll(async () => {
    ({ admin, mspId } = await anMspWithAdmin(t));
  });

  describe('a tenant with every kind of change', () => {
    let tenantId: string;
    let joiner: { userId: string; email: string };

    beforeAll(async () => {
      tenantId = (await t.createTenant(mspId, 'Every Kind Ltd', admin.token)).id;
      await t.operator().put(paths.inviteLink(tenantId)).send({ defaultRoleId: 'member' });
      const { token } = await enableLink(t, admin.token, tenantId);
      const signup = aSignup({ firstName: 'Nia', lastName: 'Newcomer' });
      const joined = await t.anonymous().post(`${paths.publicLink(token)}/signups`).send(signup);
      expect(joined.status).toBe(201);
      joiner = { userId: joined.body.userId, email: signup.email as string };
      expect((await t.as(admin.token).put(paths.sso(tenantId)).send(SSO_CONFIG)).status).toBe(200);
      expect((await t.as(admin.token).delete(paths.sso(tenantId))).status).toBe(204);
      expect((await t.as(admin.token).post(paths.cancel(tenantId))).status).toBe(200);
    });

    it('names each actor: "First Last <email>" for people, "Operator" for the operator', async () => {
      const { items } = await page(tenantId);
      const who = items.map((item) => [item.type, item.actor, item.actorName]);
      const byAdmin = { type: 'msp_admin', id: admin.id };
      const adminName = `Ada Admin <${admin.email}>`;
      expect(who).toEqual([
        ['InviteLinkDefaultRoleChanged', { type: 'operator' }, 'Operator'],
        ['InviteLinkEnabled', byAdmin, adminName],
        ['MemberJoinedViaInviteLink', { type: 'new_user', id: joiner.userId }, `Nia Newcomer <${joiner.email}>`],
        ['TenantSsoConfigured', byAdmin, adminName],
        ['InviteLinkDisabled', byAdmin, adminName],
        ['TenantSsoRemoved', byAdmin, adminName],
        ['TenantCanceled', byAdmin, adminName],
      ]);
    });

    it('lists the tenant events that decide whether the link works, with their data', async () => {
      const { items } = await page(tenantId, { type: 'TenantSsoConfigured,TenantSsoRemoved,TenantCanceled' });
      expect(items.map(({ type, data }) => ({ type, data }))).toEqual([
        { type: 'TenantSsoConfigured', data: SSO_CONFIG },
        { type: 'TenantSsoRemoved', data: {} },
        { type: 'TenantCanceled', data: {} },
      ]);
    });

    it("gives each item its event's id, stream revision and correlation id, exactly as stored", async () => {
      const { items } = await page(tenantId);
      const stored = (await t.readAllEvents()).filter((event) => event.streamName === `tenant-${tenantId}`);
      const expected = stored
        .filter((event) => HISTORY_EVENT_TYPES.includes(event.type))
        .map((event) => ({ id: event.id, type: event.type, at: event.metadata.at, revision: event.revision, correlationId: event.metadata.correlationId }));
      expect(items.map(({ id, type, at, revision, correlationId }) => ({ id, type, at, revision, correlationId }))).toEqual(expected);
      // TenantCreated is not about the link: its revision is skipped, not renumbered.
      expect(items[0].revision).toBeGreaterThan(0);
    });

    it('filters by type: one, several (spaces ignored), or a tenant event type', async () => {
      const types = async (type: string) => (await page(tenantId, { type })).items.map((item) => item.type);
      expect(await types('InviteLinkEnabled')).toEqual(['InviteLinkEnabled']);
      expect(await types(' InviteLinkDisabled , MemberJoinedViaInviteLink')).toEqual(['MemberJoinedViaInviteLink', 'InviteLinkDisabled']);
      expect(await types('TenantCanceled')).toEqual(['TenantCanceled']);
      expect(await types('InviteLinkRegenerated')).toEqual([]);
    });

    it('refuses an unknown type with 400, naming it and listing the valid ones', async () => {
      const response = await history(tenantId, { type: 'InviteLinkEnabled,TenantCreated,Nope' });
      expect(response.status).toBe(400);
      expect(response.body.fields).toEqual(['type']);
      expect(response.body.message).toEqual([`type: unknown event types "TenantCreated", "Nope"; valid types are ${HISTORY_EVENT_TYPES.join(', ')}`]);
      await expect400(tenantId, { type: '' }, 'type', /^type must name at least one event type: InviteLinkEnabled, /);
      await expect400(tenantId, { type: ' , ' }, 'type', /^type must name at least one event type/);
      const twice = await t.as(admin.token).get(`${paths.history(tenantId)}?type=InviteLinkEnabled&type=InviteLinkDisabled`);
      expect([twice.status, twice.body.fields]).toEqual([400, ['type']]);
    });

    it('leaves every secret out: no token material, no password hash', async () => {
      const text = JSON.stringify(await page(tenantId));
      expect(text).not.toMatch(/ciphertext|hash|"token"|argon2/i);
    });
  });

  describe('from and to', () => {
    let tenantId: string;
    const T0 = new Date('2032-07-01T10:00:00.000Z');
    const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();

    beforeAll(async () => {
      t.clock.set(new Date(T0.getTime() - 60_000));
      tenantId = (await t.createTenant(mspId, 'Timed Ltd', admin.token)).id;
      // One change at each of three consecutive milliseconds, then one a minute later.
      for (const [ms, role] of [[0, 'member'], [1, 'technician'], [2, 'member'], [60_000, 'technician']] as const) {
        t.clock.set(new Date(T0.getTime() + ms));
        expect((await changeRole(tenantId, role)).status).toBe(200);
      }
      t.clock.useRealTime();
    });

    const instants = async (query: Record<string, string>) => (await page(tenantId, query)).items.map((item) => item.at);

    it('includes from and excludes to, to the millisecond', async () => {
      expect(await instants({ from: at(1) })).toEqual([at(1), at(2), at(60_000)]);
      expect(await instants({ to: at(2) })).toEqual([at(0), at(1)]);
      expect(await instants({ from: at(1), to: at(2) })).toEqual([at(1)]);
      expect(await instants({ from: at(0), to: at(60_000) })).toEqual([at(0), at(1), at(2)]);
      // Digits below the millisecond do not count: 10:00:00.0019 is 10:00:00.001.
      expect(await instants({ from: '2032-07-01T10:00:00.0019Z', to: '2032-07-01T10:00:00.0029Z' })).toEqual([at(1)]);
    });

    it('reads any time zone offset', async () => {
      expect(await instants({ from: '2032-07-01T12:00:00.001+02:00', to: '2032-07-01T05:00:00.002-05:00' })).toEqual([at(1)]);
      expect(await instants({ from: '2032-07-01T12:01+0200' })).toEqual([at(60_000)]);
    });

    it('combines with type and paging', async () => {
      const pages = await allPages(tenantId, { from: at(1), type: 'InviteLinkDefaultRoleChanged', limit: 1 });
      expect(pages.map((p) => p.items.map((item) => item.at))).toEqual([[at(1)], [at(2)], [at(60_000)]]);
      expect(pages.map((p) => p.nextCursor === null)).toEqual([false, false, true]);
    });

    it('reads a plain date as midnight UTC, as the MSP audit feed does', async () => {
      expect(await instants({ from: '2032-07-01' })).toEqual([at(0), at(1), at(2), at(60_000)]);
      expect(await instants({ from: '2032-07-02' })).toEqual([]);
      expect(await instants({ to: '2032-07-01' })).toEqual([]);
      expect(await instants({ from: '2032-06-30', to: '2032-07-02' })).toEqual([at(0), at(1), at(2), at(60_000)]);
      expect(await instants({ from: '2032-07-01', to: at(2) })).toEqual([at(0), at(1)]);
      expect(await instants({ from: '2032-07-01', to: '2032-07-01T10:00:00.001+00:00' })).toEqual([at(0)]);
    });

    it('refuses instants without a time zone, impossible dates, other formats and an empty range with 400 naming the parameter', async () => {
      for (const name of ['from', 'to'] as const) {
        for (const value of ['2032-07-01T10:00:00', '2032-07-01T10:00', '2032-02-30T10:00:00Z', '2032-02-30', 'yesterday', '1751364000000', '']) {
          await expect400(tenantId, { [name]: value }, name, new RegExp(`^${name} must be an ISO-8601 date-time with a time zone`));
        }
      }
      await expect400(tenantId, { from: at(5), to: at(5) }, 'to', /^to must be later than from/);
      await expect400(tenantId, { from: at(5), to: at(4) }, 'to', /^to must be later than from/);
    });
  });

  describe('limit, cursor and order', () => {
    let tenantId: string;
    let all: Item[];

    beforeAll(async () => {
      tenantId = (await t.createTenant(mspId, 'Long History Ltd', admin.token)).id;
      await changes(tenantId, 101);
      all = (await page(tenantId, { limit: 1000 })).items;
      expect(all).toHaveLength(101);
    });

    it('answers 100 items by default, then the rest with nextCursor null', async () => {
      const first = await page(tenantId);
      expect(first.items).toEqual(all.slice(0, 100));
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await page(tenantId, { cursor: first.nextCursor! });
      expect(second).toEqual({ items: all.slice(100), nextCursor: null });
    });

    it('gives nextCursor null on the page that holds the last item, even when it is full', async () => {
      expect((await page(tenantId, { limit: 101 })).nextCursor).toBeNull();
      expect((await page(tenantId, { limit: 1000 })).nextCursor).toBeNull();
      const pages = await allPages(tenantId, { limit: 50 });
      expect(pages.map((p) => p.items.length)).toEqual([50, 50, 1]);
    });

    it('pages newest first with order=desc, the same items in reverse', async () => {
      const pages = await allPages(tenantId, { order: 'desc', limit: 30 });
      expect(pages.map((p) => p.items.length)).toEqual([30, 30, 30, 11]);
      expect(pages.flatMap((p) => p.items)).toEqual([...all].reverse());
    });

    it('refuses a limit outside 1–1000 or not an integer with 400 naming limit', async () => {
      for (const limit of ['0', '1001', '-1', '1.5', 'ten', '', '1e2', ' 5']) {
        await expect400(tenantId, { limit }, 'limit', /^limit must be an integer from 1 to 1000$/);
      }
      expect((await page(tenantId, { limit: 1 })).items).toEqual(all.slice(0, 1));
    });

    it('refuses a cursor it did not issue for this tenant and order with 400 naming cursor', async () => {
      const { nextCursor } = await page(tenantId, { limit: 2 });
      const cursor = nextCursor!;
      const otherTenant = (await t.createTenant(mspId, 'Other Ltd', admin.token)).id;
      await changes(otherTenant, 3);
      const foreign = (await page(otherTenant, { limit: 1 })).nextCursor!;
      const flip = (text: string, index: number) => text.slice(0, index) + (text[index] === 'A' ? 'B' : 'A') + text.slice(index + 1);
      const bad = [
        'garbage',
        '0',
        `${cursor}x`,
        flip(cursor, 0), // another revision, same MAC
        flip(cursor, cursor.length - 1), // same revision, another MAC
        Buffer.from(cursor).toString('base64url'),
        foreign,
        'x'.repeat(600),
      ];
      for (const value of bad) await expect400(tenantId, { cursor: value }, 'cursor', /^cursor must be the nextCursor of a previous page/);
      // A cursor of the ascending order is not one of the descending order.
      await expect400(tenantId, { cursor, order: 'desc' }, 'cursor', /^cursor must be the nextCursor/);
      expect((await page(tenantId, { cursor, limit: 2 })).items).toEqual(all.slice(2, 4));
    });

    it.each(BAD_AUDIT_QUERIES)('answers 400 naming %s for ?%s, as the MSP audit feed does', async (parameter, query) => {
      expectRefusedNaming(parameter, query, await t.as(admin.token).get(`${paths.history(tenantId)}?${query}`));
    });

    it('refuses an unknown order and unknown parameters with 400 naming them', async () => {
      await expect400(tenantId, { order: 'newest' }, 'order', /^order must be asc or desc$/);
      for (const name of ['page', 'offset', 'types', 'at']) {
        await expect400(tenantId, { [name]: '1' }, name, new RegExp(`^${name}: property ${name} should not exist$`));
      }
    });

    it('answers 404 to the admin of another MSP and 403 to a tenant user', async () => {
      const stranger = (await anMspWithAdmin(t)).admin;
      expect((await history(tenantId, { limit: 5 }, stranger.token)).status).toBe(404);
      const member = await t.createTenantUser(tenantId, admin.token);
      expect((await history(tenantId, { limit: 5 }, member.token)).status).toBe(403);
    });
  });

  it('pages to the end with limit 2 while another request keeps changing the link: no duplicates, no gaps', async () => {
    const tenantId = (await t.createTenant(mspId, 'Busy Ltd', admin.token)).id;
    await changes(tenantId, 20);
    const linkEvents = async () =>
      (await t.readAllEvents())
        .filter((event) => event.streamName === `tenant-${tenantId}` && HISTORY_EVENT_TYPES.includes(event.type))
        .map((event) => event.id);

    let writing = true;
    const writer = (async () => {
      for (let i = 20; i < 60 && writing; i++) expect((await changeRole(tenantId, i % 2 === 0 ? 'technician' : 'member')).status).toBe(200);
    })();

    const seen: Item[] = [];
    const storedBeforeEachPage: number[] = [];
    let cursor: string | null = null;
    do {
      storedBeforeEachPage.push((await linkEvents()).length);
      const next: HistoryPage = await page(tenantId, cursor ? { limit: 2, cursor } : { limit: 2 });
      expect(next.items.length).toBeLessThanOrEqual(2);
      seen.push(...next.items);
      cursor = next.nextCursor;
    } while (cursor);
    writing = false;
    await writer;

    const ids = seen.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    const revisions = seen.map((item) => item.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    // The link changed while the pages were read...
    expect(storedBeforeEachPage.at(-1)!).toBeGreaterThan(storedBeforeEachPage[0]);
    // ...and the pages hold exactly the stream's link events, in order, up to where paging ended:
    // every event stored before the last page was asked for, and nothing that is not in the stream.
    const stored = await linkEvents();
    expect(ids).toEqual(stored.slice(0, ids.length));
    expect(ids.length).toBeGreaterThanOrEqual(storedBeforeEachPage.at(-1)!);
  });

  describe('read-only callers get no URL (view_audit_log without a manage permission)', () => {
    let tenantId: string;
    let url: string;
    const T1 = new Date('2033-01-01T00:00:00.000Z');

    beforeAll(async () => {
      t.clock.set(T1);
      tenantId = (await t.createTenant(mspId, 'Read Only Ltd', admin.token)).id;
      ({ url } = await enableLink(t, admin.token, tenantId));
      t.clock.useRealTime();
    });

    const link = (token: string | null, at?: string) => {
      const client = token === null ? t.operator() : t.as(token);
      return client.get(paths.inviteLink(tenantId)).query(at ? { at } : {});
    };

    it('answers url: null to an auditor, now and with ?at=, and everything else as a manager sees it', async () => {
      const auditor = await t.createAdmin(mspId, ['view_audit_log']);
      for (const at of [undefined, new Date(T1.getTime() + 1000).toISOString()]) {
        const asManager = await link(admin.token, at);
        const asAuditor = await link(auditor.token, at);
        expect([at, asManager.status, asAuditor.status]).toEqual([at, 200, 200]);
        expect(asManager.body.url).toBe(url);
        expect(asAuditor.body).toEqual({ ...asManager.body, url: null });
      }
    });

    it('still gives the URL to the operator and to an admin holding a manage permission besides view_audit_log', async () => {
      const both = await t.createAdmin(mspId, ['view_audit_log', 'manage_tenant_user_roles']);
      for (const at of [undefined, new Date(T1.getTime() + 1000).toISOString()]) {
        expect((await link(null, at)).body.url).toBe(url);
        expect((await link(both.token, at)).body.url).toBe(url);
      }
    });
  });
});
