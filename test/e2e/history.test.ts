import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { anMspWithAdmin, useTestApp } from '../support/fixtures';
import { Admin, paths, SSO_CONFIG, tokenOf } from '../support/test-app';

/** R21 and docs/rules.md, audited events: the audit history, replays with `?at=`, and no token anywhere (R1). */
describe('invite link history', () => {
  const t = useTestApp({ controllableClock: true });
  let admin: Admin;
  let tenantId: string;
  const T0 = new Date('2031-03-01T09:00:00.000Z');
  const minute = (n: number) => new Date(T0.getTime() + n * 60_000);
  const tokens: string[] = [];
  let customRoleId: string;

  interface Snapshot {
    at: Date;
    enabled: boolean;
    defaultRoleId: string | null;
    allowedDomains: string[];
    available: boolean;
  }
  const snapshots: Snapshot[] = [];

  const put = (body: object) => t.as(admin.token).put(paths.inviteLink(tenantId)).send(body);
  const remember = (at: Date, body: { enabled: boolean; defaultRoleId: string | null; allowedDomains: string[]; available: boolean }) =>
    snapshots.push({
      at,
      enabled: body.enabled,
      defaultRoleId: body.defaultRoleId,
      allowedDomains: body.allowedDomains,
      available: body.available,
    });

  beforeAll(async () => {
    t.clock.set(minute(-10));
    const world = await anMspWithAdmin(t);
    admin = world.admin;
    const { msp } = world;
    tenantId = (await t.createTenant(msp.id, 'Audited Inc', admin.token)).id;
    customRoleId = (await t.as(admin.token).post(paths.roles(tenantId)).send({ name: 'Auditors' })).body.id;

    // One change per minute, so that every state has its own instant.
    t.clock.set(minute(0));
    remember(minute(0), (await put({ defaultRoleId: 'member' })).body);
    t.clock.set(minute(1));
    const enabled = (await put({ enabled: true })).body;
    tokens.push(tokenOf(enabled.url));
    remember(minute(1), enabled);
    t.clock.set(minute(2));
    remember(minute(2), (await put({ allowedDomains: ['a.example', 'b.example'] })).body);
    t.clock.set(minute(3));
    remember(minute(3), (await put({ defaultRoleId: customRoleId })).body);
    t.clock.set(minute(4));
    remember(minute(4), (await put({ allowedDomains: 'b.example\nc.example' })).body);
    t.clock.set(minute(5));
    const regenerated = (await t.as(admin.token).post(paths.regenerate(tenantId))).body;
    tokens.push(tokenOf(regenerated.url));
    remember(minute(5), regenerated);
    t.clock.set(minute(6));
    remember(minute(6), (await put({ enabled: false })).body);
    t.clock.set(minute(7));
    remember(minute(7), (await put({ enabled: true, defaultRoleId: 'technician', allowedDomains: [] })).body);
    t.clock.set(minute(8));
    await t.as(admin.token).put(paths.sso(tenantId)).send(SSO_CONFIG);
    remember(minute(8), (await t.as(admin.token).get(paths.inviteLink(tenantId))).body);
    t.clock.set(minute(9));
    await t.as(admin.token).delete(paths.sso(tenantId));
    remember(minute(9), (await t.as(admin.token).get(paths.inviteLink(tenantId))).body);
    t.clock.useRealTime();
  });

  it('lists every change, oldest first, with its type, instant, actor and data (docs/rules.md, audited events)', async () => {
    const response = await t.as(admin.token).get(paths.history(tenantId));
    expect(response.status).toBe(200);
    const actor = { type: 'msp_admin', id: admin.id };
    const at = (n: number) => minute(n).toISOString();
    // Every item also carries its event's id, stream revision and correlation id, and the actor's name.
    const extra = { id: expect.any(String), actorName: `Ada Admin <${admin.email}>`, revision: expect.any(Number), correlationId: expect.any(String) };
    expect(response.body).toEqual({
      items: [
        { type: 'InviteLinkDefaultRoleChanged', at: at(0), actor, data: { from: null, to: 'member' } },
        { type: 'InviteLinkEnabled', at: at(1), actor, data: expect.any(Object) },
        {
          type: 'InviteLinkAllowedDomainsChanged',
          at: at(2),
          actor,
          data: { added: ['a.example', 'b.example'], removed: [], domains: ['a.example', 'b.example'] },
        },
        { type: 'InviteLinkDefaultRoleChanged', at: at(3), actor, data: { from: 'member', to: customRoleId } },
        {
          type: 'InviteLinkAllowedDomainsChanged',
          at: at(4),
          actor,
          data: { added: ['c.example'], removed: ['a.example'], domains: ['b.example', 'c.example'] },
        },
        { type: 'InviteLinkRegenerated', at: at(5), actor, data: expect.any(Object) },
        { type: 'InviteLinkDisabled', at: at(6), actor, data: { reason: 'admin' } },
        { type: 'InviteLinkDefaultRoleChanged', at: at(7), actor, data: { from: customRoleId, to: 'technician' } },
        {
          type: 'InviteLinkAllowedDomainsChanged',
          at: at(7),
          actor,
          data: { added: [], removed: ['b.example', 'c.example'], domains: [] },
        },
        { type: 'InviteLinkEnabled', at: at(7), actor, data: expect.any(Object) },
        // The tenant events that decide whether the link works are part of its history.
        { type: 'TenantSsoConfigured', at: at(8), actor, data: SSO_CONFIG },
        { type: 'InviteLinkDisabled', at: at(8), actor, data: { reason: 'sso_configured' } },
        { type: 'TenantSsoRemoved', at: at(9), actor, data: {} },
      ].map((item) => ({ ...item, ...extra })),
      nextCursor: null,
    });
    const revisions = (response.body.items as { revision: number }[]).map((item) => item.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(new Set(revisions).size).toBe(revisions.length);
  });

  it('is readable by an admin with only view_audit_log, identically', async () => {
    const auditor = await t.createAdmin(admin.mspId, ['view_audit_log']);
    const asAuditor = await t.as(auditor.token).get(paths.history(tenantId));
    const asManager = await t.as(admin.token).get(paths.history(tenantId));
    expect(asAuditor.status).toBe(200);
    expect(asAuditor.body).toEqual(asManager.body);
  });

  it('never contains a token, its hash or its ciphertext', async () => {
    const text = JSON.stringify((await t.as(admin.token).get(paths.history(tenantId))).body);
    for (const token of tokens) expect(text).not.toContain(token);
    expect(text).not.toMatch(/ciphertext|hash|"token"/i);
  });

  it('keeps the plaintext tokens out of the event store and the read models (R1)', async () => {
    expect(tokens).toHaveLength(2);
    // Through the store port...
    const events = JSON.stringify(await t.readAllEvents());
    for (const token of tokens) expect(events).not.toContain(token);

    // ...through SQL, every column of every row of every table of both databases...
    for (const file of ['events.sqlite3', 'read-models.sqlite3']) {
      const db = new Database(join(t.dataDir, file), { readonly: true, fileMustExist: true });
      try {
        const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
        expect(tables.length).toBeGreaterThan(0);
        let dump = '';
        for (const { name } of tables) dump += JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all());
        if (file === 'events.sqlite3') expect(dump).toContain('InviteLinkRegenerated');
        for (const token of tokens) expect(dump).not.toContain(token);
      } finally {
        db.close();
      }
    }

    // ...and in the raw bytes of every file in DATA_DIR (databases, WAL files, secrets).
    const files = readdirSync(t.dataDir);
    expect(files).toEqual(expect.arrayContaining(['events.sqlite3', 'read-models.sqlite3']));
    for (const file of files) {
      const bytes = readFileSync(join(t.dataDir, file));
      for (const token of tokens) {
        expect([file, bytes.includes(Buffer.from(token, 'utf8'))]).toEqual([file, false]);
        expect([file, bytes.includes(Buffer.from(token, 'base64url'))]).toEqual([file, false]);
      }
    }
  });

  it('replays the state at every recorded instant (?at=)', async () => {
    for (const snapshot of snapshots) {
      for (const at of [snapshot.at, new Date(snapshot.at.getTime() + 30_000)]) {
        const response = await t.as(admin.token).get(paths.inviteLink(tenantId)).query({ at: at.toISOString() });
        expect(response.status).toBe(200);
        expect({ at: at.toISOString(), ...response.body }).toEqual(
          expect.objectContaining({
            at: at.toISOString(),
            tenantId,
            enabled: snapshot.enabled,
            defaultRoleId: snapshot.defaultRoleId,
            allowedDomains: snapshot.allowedDomains,
            available: snapshot.available,
          }),
        );
      }
    }
  });

  it('replays exact states chosen by hand', async () => {
    const at = async (when: Date) =>
      (await t.as(admin.token).get(paths.inviteLink(tenantId)).query({ at: when.toISOString() })).body;
    expect(await at(minute(-1))).toEqual(expect.objectContaining({ enabled: false, defaultRoleId: null, allowedDomains: [], url: null }));
    expect(await at(minute(2))).toEqual(
      expect.objectContaining({ enabled: true, defaultRoleId: 'member', allowedDomains: ['a.example', 'b.example'] }),
    );
    expect(await at(minute(4))).toEqual(
      expect.objectContaining({ enabled: true, defaultRoleId: customRoleId, allowedDomains: ['b.example', 'c.example'] }),
    );
    expect(await at(minute(6))).toEqual(expect.objectContaining({ enabled: false, url: null }));
    expect(await at(minute(8))).toEqual(
      expect.objectContaining({ enabled: false, available: false, unavailableReason: 'Not available - SSO is configured for this tenant.' }),
    );
    expect(await at(minute(9))).toEqual(expect.objectContaining({ enabled: false, available: true, unavailableReason: null }));
  });

  it('gives the current state for an instant after the last change, and 404 before the tenant existed', async () => {
    const now = (await t.as(admin.token).get(paths.inviteLink(tenantId))).body;
    const later = await t.as(admin.token).get(paths.inviteLink(tenantId)).query({ at: '2099-01-01T00:00:00Z' });
    expect(later.body).toEqual(now);
    const before = await t.as(admin.token).get(paths.inviteLink(tenantId)).query({ at: '2020-01-01T00:00:00Z' });
    expect(before.status).toBe(404);
  });

  it('accepts ?at= with a time zone offset', async () => {
    const plusTwo = '2031-03-01T11:02:30+02:00'; // minute 2.5 in UTC
    const response = await t.as(admin.token).get(paths.inviteLink(tenantId)).query({ at: plusTwo });
    expect(response.status).toBe(200);
    expect(response.body.allowedDomains).toEqual(['a.example', 'b.example']);
  });

  it('records the operator as actor of the changes it makes', async () => {
    const other = await t.createTenant(admin.mspId, 'Operated Ltd', admin.token);
    await t.operator().put(paths.inviteLink(other.id)).send({ defaultRoleId: 'member' });
    const items = (await t.as(admin.token).get(paths.history(other.id))).body.items;
    expect(items).toEqual([
      expect.objectContaining({ type: 'InviteLinkDefaultRoleChanged', actor: { type: 'operator' }, actorName: 'Operator' }),
    ]);
  });

  it('stores the request id as the correlation id of the events of a change (docs/rules.md, event metadata)', async () => {
    const other = await t.createTenant(admin.mspId, 'Correlated Ltd', admin.token);
    const requestId = `corr-${Date.now()}`;
    const response = await t
      .as(admin.token)
      .put(paths.inviteLink(other.id))
      .set('X-Request-Id', requestId)
      .send({ enabled: true, defaultRoleId: 'member', allowedDomains: ['corr.example'] });
    expect(response.status).toBe(200);
    expect(response.headers['x-request-id']).toBe(requestId);
    const events = (await t.readAllEvents()).filter((event) => event.streamName.includes(other.id));
    const linkEvents = events.filter((event) => event.type.startsWith('InviteLink'));
    expect(linkEvents.map((event) => event.type)).toEqual([
      'InviteLinkDefaultRoleChanged',
      'InviteLinkAllowedDomainsChanged',
      'InviteLinkEnabled',
    ]);
    for (const event of linkEvents) {
      expect(event.metadata).toEqual(
        expect.objectContaining({ correlationId: requestId, actor: { type: 'msp_admin', id: admin.id }, at: expect.any(String) }),
      );
    }
  });

  it('is empty for a tenant whose link never changed', async () => {
    const other = await t.createTenant(admin.mspId, 'Quiet Ltd', admin.token);
    expect((await t.as(admin.token).get(paths.history(other.id))).body).toEqual({ items: [], nextCursor: null });
  });
});
