import { CloudEvent } from 'cloudevents';
import { RecordedEvent } from '../../src/shared/application/event-store.port';
import { eventHash, secretDigestOf } from '../../src/shared/domain/audit-chain';
import { splitSecrets } from '../../src/shared/domain/secret-fields';
import { exportedEventHash } from '../../src/modules/audit/application/audit-cloud-event';
import { EVENT_TYPES } from '../../src/modules/audit/domain/event-types';
import { BAD_AUDIT_QUERIES, expectRefusedNaming } from '../support/audit-query-cases';
import { aSignup, aTenantWithLink, everyKindOfCaller, useTestApp } from '../support/fixtures';
import { Admin, aRandomUuid, Client, paths, SSO_CONFIG, TenantUserAccount, unique } from '../support/test-app';

/** The MSP audit feed (docs/http-api.md, MSP audit feed): CloudEvents 1.0, access rules, parameters and paging. */
const feed = (mspId: string, query = '') => `/api/v1/msps/${mspId}/audit-events${query}`;

interface Page {
  items: Record<string, unknown>[];
  nextCursor: string | null;
}

/** Pages through the feed to its end; returns every item and the number of pages. */
async function pageToTheEnd(client: Client, mspId: string, query: string, onPage: () => Promise<void> = async () => undefined) {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const separator = query ? '&' : '';
    const response = await client.get(feed(mspId, `?${query}${cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ''}`));
    expect(response.status).toBe(200);
    const page = response.body as Page;
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
    await onPage();
  } while (cursor !== null);
  return { items, pages };
}

/** Every string that is (part of) a secret field of a stored event. */
function storedSecrets(events: readonly RecordedEvent[]): string[] {
  const strings = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
  return events.flatMap((event) => strings(splitSecrets(event.data).secrets ?? {}));
}

describe('MSP audit feed (GET /api/v1/msps/:mspId/audit-events)', () => {
  const t = useTestApp();
  let mspId: string;
  let manager: Admin;
  let auditor: Admin;
  let tenantUser: TenantUserAccount & { token: string };
  let other: { mspId: string; admin: Admin };
  let tenantIds: string[];

  /** The stored events the feed of an MSP must list: its own streams and its tenants', in global order. */
  async function storedEventsOf(msp: string): Promise<RecordedEvent[]> {
    const events = await t.readAllEvents();
    const tenants = new Set(
      events.filter((e) => e.type === 'TenantCreated' && (e.data as { mspId: string }).mspId === msp).map((e) => `tenant-${(e.data as { tenantId: string }).tenantId}`),
    );
    return events.filter((e) => e.streamName === `msp-${msp}` || e.streamName === `mspDomainClaims-${msp}` || tenants.has(e.streamName));
  }

  beforeAll(async () => {
    const cast = await everyKindOfCaller(t);
    mspId = cast.msp.id;
    manager = cast.manager;
    auditor = cast.auditor;
    tenantUser = cast.tenantUser;
    other = { mspId: cast.other.msp.id, admin: cast.other.admin };
    // A tenant with a link, allowed domains (claims), a signup through the link, SSO; another canceled.
    const joinable = await aTenantWithLink(t, manager, { allowedDomains: ['feed.example'] });
    const joined = await t.anonymous().post(`${paths.publicLink(joinable.token)}/signups`).send(aSignup({ email: `${unique('j')}@feed.example` }));
    expect(joined.status).toBe(201);
    await t.as(manager.token).post(paths.regenerate(joinable.tenantId)).expect(200);
    await t.as(manager.token).put(paths.sso(joinable.tenantId)).send(SSO_CONFIG).expect(200);
    const canceled = await t.createTenant(mspId, unique('Canceled'), manager.token);
    await t.as(manager.token).post(paths.cancel(canceled.id)).expect(200);
    tenantIds = [cast.tenant.id, joinable.tenantId, canceled.id];
  }, 60_000);

  it('lists every event of the MSP and of its tenants, oldest first, as CloudEvents 1.0 with the audit extensions', async () => {
    const response = await t.as(manager.token).get(feed(mspId, '?limit=1000'));
    expect(response.status).toBe(200);
    const { items, nextCursor } = response.body as Page;
    expect(nextCursor).toBeNull();
    const stored = await storedEventsOf(mspId);
    expect(items.map((item) => item.id)).toEqual(stored.map((event) => event.id));
    expect(new Set(items.map((item) => item.subject))).toEqual(
      new Set([`msp-${mspId}`, `mspDomainClaims-${mspId}`, ...tenantIds.map((id) => `tenant-${id}`)]),
    );
    for (const type of ['MspCreated', 'TenantCreated', 'InviteLinkEnabled', 'TenantMemberAdded', 'SiblingDomainsClaimed', 'TenantSsoConfigured', 'TenantCanceled']) {
      expect([type, items.some((item) => item.type === type)]).toEqual([type, true]);
    }

    stored.forEach((event, index) => {
      const item = items[index];
      const { publicData, secrets } = splitSecrets(event.data);
      const actor = event.metadata.actor;
      const tenantId = event.streamName.startsWith('tenant-') ? event.streamName.slice('tenant-'.length) : undefined;
      const integrity = event.metadata.integrity;
      expect(item).toEqual({
        specversion: '1.0',
        id: event.id,
        source: tenantId ? `/msps/${mspId}/tenants/${tenantId}` : `/msps/${mspId}`,
        type: event.type,
        subject: event.streamName,
        time: event.metadata.at,
        datacontenttype: 'application/json',
        data: publicData,
        actortype: actor.type,
        ...('id' in actor ? { actorid: actor.id } : {}),
        correlationid: event.metadata.correlationId,
        ...(event.metadata.causationId ? { causationid: event.metadata.causationId } : {}),
        schemaversion: event.metadata.schemaVersion ?? 1,
        sequence: String(event.position),
        streamrevision: event.revision,
        ...(secrets ? { secretdigest: secretDigestOf(secrets) } : {}),
        ...(integrity?.prev ? { prevhash: integrity.prev } : {}),
        ...(integrity ? { eventhash: integrity.hash } : {}),
      });
      expect(item.sequence).toMatch(/^(0|[1-9][0-9]*)$/);
      expect(Number.isInteger(item.schemaversion)).toBe(true);
      // The SDK accepts it as it is: valid attributes and extension names, nothing rewritten.
      expect(JSON.parse(JSON.stringify(new CloudEvent({ ...item }, true)))).toEqual(item);
      // What the chain stored can be checked from the item alone.
      if (integrity) {
        const exported = exportedEventHash(item as never);
        expect(eventHash(exported.content, exported.stored!.prev)).toBe(integrity.hash);
      }
    });
    // Operator-made events (MspCreated) name no actor id; an admin's do.
    expect(items.find((item) => item.type === 'MspCreated')).not.toHaveProperty('actorid');
    expect(items.find((item) => item.type === 'TenantCanceled')).toMatchObject({ actortype: 'msp_admin', actorid: manager.id });
  });

  it('serves no secret: no token hash or ciphertext, no password hash, anywhere in the feed', async () => {
    const secrets = storedSecrets(await t.readAllEvents());
    expect(secrets.length).toBeGreaterThan(2);
    const raw = [mspId, other.mspId].map(async (id) => (await t.operator().get(feed(id, '?limit=1000'))).text);
    const text = (await Promise.all(raw)).join('\n');
    expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
    expect(text).not.toMatch(/"(token|passwordHash|tokenHash|ciphertext)"/);
  });

  it('answers MSP admins of the MSP (a manage permission or view_audit_log) and the operator; others as R20', async () => {
    const statuses = {
      none: (await t.anonymous().get(feed(mspId))).status,
      tenantUser: (await t.as(tenantUser.token).get(feed(mspId))).status,
      otherMspAdmin: (await t.as(other.admin.token).get(feed(mspId))).status,
      auditor: (await t.as(auditor.token).get(feed(mspId))).status,
      manager: (await t.as(manager.token).get(feed(mspId))).status,
      operator: (await t.operator().get(feed(mspId))).status,
    };
    expect(statuses).toEqual({ none: 401, tenantUser: 403, otherMspAdmin: 404, auditor: 200, manager: 200, operator: 200 });
  });

  it('gives an admin of another MSP the same 404 as for an MSP that does not exist', async () => {
    const client = t.as(other.admin.token);
    const [seen, missing, malformed] = await Promise.all([client.get(feed(mspId)), client.get(feed(aRandomUuid())), client.get(feed('not-a-uuid'))]);
    expect(seen.status).toBe(404);
    expect(seen.body).toEqual(missing.body);
    expect(malformed.body).toEqual(missing.body);
    expect((await t.operator().get(feed(aRandomUuid()))).status).toBe(404);
  });

  it('never shows another MSP its events, nor this MSP the other one’s', async () => {
    const theirs = (await t.as(other.admin.token).get(feed(other.mspId, '?limit=1000'))).body as Page;
    const ours = (await t.as(manager.token).get(feed(mspId, '?limit=1000'))).body as Page;
    expect(theirs.items.length).toBeGreaterThan(0);
    const ourIds = new Set(ours.items.map((item) => item.id));
    expect(theirs.items.filter((item) => ourIds.has(item.id))).toEqual([]);
    expect(theirs.items.every((item) => String(item.source).startsWith(`/msps/${other.mspId}`))).toBe(true);
  });

  it('filters by type (comma-separated), from (inclusive) and to (exclusive), at millisecond precision', async () => {
    const all = ((await t.as(auditor.token).get(feed(mspId, '?limit=1000'))).body as Page).items;
    const typed = ((await t.as(auditor.token).get(feed(mspId, '?type=TenantCreated,TenantCanceled&limit=1000'))).body as Page).items;
    expect(typed.map((item) => item.id)).toEqual(all.filter((item) => ['TenantCreated', 'TenantCanceled'].includes(String(item.type))).map((item) => item.id));
    expect(typed.length).toBe(tenantIds.length + 1);

    const middle = all[Math.floor(all.length / 2)];
    const at = Date.parse(String(middle.time));
    const iso = (millis: number) => new Date(millis).toISOString();
    const window = async (query: string) => ((await t.as(auditor.token).get(feed(mspId, `?limit=1000&${query}`))).body as Page).items.map((item) => item.id);
    const millisOf = (item: Record<string, unknown>) => Date.parse(String(item.time));
    expect(await window(`from=${iso(at)}`)).toEqual(all.filter((item) => millisOf(item) >= at).map((item) => item.id));
    expect(await window(`to=${iso(at)}`)).toEqual(all.filter((item) => millisOf(item) < at).map((item) => item.id));
    expect(await window(`from=${iso(at)}&to=${iso(at + 1)}`)).toEqual(all.filter((item) => millisOf(item) === at).map((item) => item.id));
  });

  it('reads a plain date as midnight UTC and tolerates spaces around types, as the history does', async () => {
    const all = ((await t.as(auditor.token).get(feed(mspId, '?limit=1000'))).body as Page).items;
    const ids = async (query: string) => {
      const response = await t.as(auditor.token).get(feed(mspId, `?limit=1000&${query}`));
      expect([query, response.status]).toEqual([query, 200]);
      return (response.body as Page).items.map((item) => item.id);
    };
    const day = String(all[all.length - 1].time).slice(0, 10);
    const midnight = Date.parse(`${day}T00:00:00.000Z`);
    const next = new Date(midnight + 86_400_000).toISOString().slice(0, 10);
    const millisOf = (item: Record<string, unknown>) => Date.parse(String(item.time));
    expect(await ids(`from=${day}`)).toEqual(all.filter((item) => millisOf(item) >= midnight).map((item) => item.id));
    expect(await ids(`from=${day}`)).toEqual(await ids(`from=${day}T00:00:00Z`));
    expect(await ids(`to=${next}`)).toEqual(all.map((item) => item.id));
    expect(await ids(`from=${next}`)).toEqual([]);
    expect(await ids(`to=${day}`)).toEqual(all.filter((item) => millisOf(item) < midnight).map((item) => item.id));

    const typed = await ids(`type=${encodeURIComponent(' TenantCreated , TenantCanceled ')}`);
    expect(typed).toEqual(all.filter((item) => ['TenantCreated', 'TenantCanceled'].includes(String(item.type))).map((item) => item.id));
    expect(typed.length).toBe(tenantIds.length + 1);
  });

  it('refuses an unknown type with 400 naming it and listing every type of the event catalogue', async () => {
    const response = await t.as(manager.token).get(feed(mspId, '?type=TenantCreated,NoSuchEvent,tenantCanceled'));
    expect([response.status, response.body.fields]).toEqual([400, ['type']]);
    expect(response.body.message).toEqual([`type: unknown event types "NoSuchEvent", "tenantCanceled"; valid types are ${EVENT_TYPES.join(', ')}`]);
    // Known types the feed holds none of are a question, not a mistake.
    const none = await t.as(manager.token).get(feed(mspId, '?type=UserRegistered,AuditCheckpointRecorded'));
    expect([none.status, none.body]).toEqual([200, { items: [], nextCursor: null }]);
  });

  it('refuses an empty or inverted range with 400 naming to', async () => {
    const at = new Date().toISOString();
    for (const query of [`from=${at}&to=${at}`, `from=${at}&to=2000-01-01`]) {
      const response = await t.as(manager.token).get(feed(mspId, `?${query}`));
      expect([response.status, response.body.fields, response.body.message]).toEqual([400, ['to'], ['to must be later than from (from is inclusive, to is exclusive)']]);
    }
  });

  it.each(BAD_AUDIT_QUERIES)('answers 400 naming %s for ?%s, as the history does', async (parameter, query) => {
    expectRefusedNaming(parameter, query, await t.as(manager.token).get(feed(mspId, `?${query}`)));
  });

  it.each([
    ['type', 'tenantCreated'],
    ['type', 'TenantCreated,,TenantCanceled'],
    ['type', ''],
    ['from', 'yesterday'],
    ['from', '2026-02-30'],
    ['from', '2026-03-01T10:00:00'],
    ['to', '1709280000'],
    ['to', '2026-13-01T00:00:00Z'],
    ['limit', '0'],
    ['limit', '1001'],
    ['limit', '2.5'],
    ['limit', 'ten'],
    ['cursor', 'not-a-cursor!'],
    ['cursor', Buffer.from('after:-5').toString('base64url')],
    ['cursor', Buffer.from('before:5').toString('base64url')],
    ['unknown', 'x'],
  ])('answers 400 naming %s for %j', async (name, value) => {
    const response = await t.as(manager.token).get(feed(mspId, `?${name}=${encodeURIComponent(value)}`));
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual([name]);
    expect((response.body.message as string[]).every((message) => message.startsWith(name))).toBe(true);
  });

  it('answers 400 naming each bad parameter when there are several, and for repeated ones', async () => {
    const several = await t.as(manager.token).get(feed(mspId, '?limit=0&from=soon&cursor=%25'));
    expect(several.status).toBe(400);
    expect([...several.body.fields].sort()).toEqual(['cursor', 'from', 'limit']);
    const repeated = await t.as(manager.token).get(feed(mspId, '?limit=1&limit=2'));
    expect([repeated.status, repeated.body.fields]).toEqual([400, ['limit']]);
  });

  it('pages to the end with limit 3 while another client appends: no duplicates, no gaps, new tenants included', async () => {
    let appending = true;
    let appended = 0;
    const appender = (async () => {
      // Events of this MSP (link changes, new tenants) and of the other MSP, interleaved.
      let round = 0;
      while (appending && round < 60) {
        round++;
        const created = await t.createTenant(mspId, unique('Late'), manager.token);
        await t.as(manager.token).put(paths.inviteLink(created.id)).send({ defaultRoleId: 'member' }).expect(200);
        await t.createTenant(other.mspId, unique('Elsewhere'), other.admin.token);
        appended += 3;
      }
    })();
    const pagesDuringAppends: number[] = [];
    const { items, pages } = await pageToTheEnd(t.as(auditor.token), mspId, 'limit=3', async () => {
      pagesDuringAppends.push(appended);
      // Slow the reader down a little, so that appends land between its pages; on a loaded
      // machine, wait (bounded) for the appender's next round before the third page.
      await new Promise((resolve) => setTimeout(resolve, 15));
      if (pagesDuringAppends.length === 2) {
        for (let i = 0; i < 200 && appended === pagesDuringAppends[0] && appending; i++) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
    });
    appending = false;
    await appender;

    expect(pages).toBeGreaterThan(5);
    expect(new Set(pagesDuringAppends).size).toBeGreaterThan(1);
    const ids = items.map((item) => String(item.id));
    expect(ids.length).toBe(new Set(ids).size);
    const positions = items.map((item) => Number(item.sequence));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const last = positions[positions.length - 1];
    const expected = (await storedEventsOf(mspId)).filter((event) => event.position <= last).map((event) => event.id);
    expect(ids).toEqual(expected);
    expect(items.some((item) => item.type === 'TenantCreated' && String((item.data as { name: string }).name).startsWith('Late'))).toBe(true);
  }, 120_000);

  it('goes on from a cursor: the next page starts right after the previous one', async () => {
    const first = (await t.as(manager.token).get(feed(mspId, '?limit=2'))).body as Page;
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await t.as(manager.token).get(feed(mspId, `?limit=2&cursor=${first.nextCursor}`))).body as Page;
    const both = ((await t.as(manager.token).get(feed(mspId, '?limit=4'))).body as Page).items;
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual(both.map((item) => item.id));
  });
});
