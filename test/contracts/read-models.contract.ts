import { randomUUID } from 'node:crypto';
import { EventStore, RecordedEvent } from '../../src/shared/application/event-store.port';
import { DomainError } from '../../src/shared/domain/domain-error';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { DocumentStore } from '../../src/shared/application/document-store.port';
import { Projection } from '../../src/shared/application/projection.port';
import {
  ProjectionRunner,
  ProjectionRunnerOptions,
  ReadModelTimeoutError,
} from '../../src/infrastructure/read-models/projection-runner';
import { directoryProjection, directoryReadModels } from '../../src/modules/read-models';
import { BUILT_IN_ROLES } from '../../src/modules/tenancy/domain/roles';
import { InviteLinkSettings } from '../../src/shared/application/read-models.port';
import { ciphertextOf, DirectoryHistory, passwordHashOf, reservationOf, verificationSecretsOf } from './read-models.fixtures';

/** One adapter's storage, reopenable so that tests can restart on the same data. */
export interface DocumentStoreHarness {
  /** Opens (or reopens) the harness's storage. The caller closes what it opens. */
  open(): Promise<DocumentStore>;
  /** Every stored value of every collection and checkpoint, as one deterministic text. */
  dumpAllText(): Promise<string>;
  dispose(): Promise<void>;
}

/**
 * The read models' contract, run against every DocumentStore adapter:
 * events go through a real SQLite event store and the projection runner, assertions go through
 * the ReadModels port.
 */
export function readModelsContract(adapterName: string, createHarness: () => Promise<DocumentStoreHarness>): void {
  describe(`read models on ${adapterName}`, () => {
    let harness: DocumentStoreHarness;
    let eventStore: EventStore;
    let history: DirectoryHistory;
    const opened: DocumentStore[] = [];
    const runners: ProjectionRunner[] = [];
    let logged: { message: string; error?: unknown }[];

    const openStore = async () => {
      const store = await harness.open();
      opened.push(store);
      return store;
    };
    const startRunner = async (store: DocumentStore, projection: Projection = directoryProjection, options: ProjectionRunnerOptions = {}) => {
      const runner = new ProjectionRunner(eventStore, store, projection, {
        retryDelayMs: 20,
        log: (message, error) => logged.push({ message, error }),
        ...options,
      });
      runners.push(runner);
      await runner.start();
      return runner;
    };
    /** A running directory read model over a fresh store. */
    /** Appends one raw event at a given instant; returns its position. */
    const append = async (stream: string, type: string, data: Record<string, unknown>, at: string) =>
      (
        await eventStore.appendToStream(
          stream,
          [{ id: randomUUID(), type, data, metadata: { actor: { type: 'system' }, at, correlationId: 'contract' } }],
          { expectedRevision: 'any' },
        )
      ).position;

    const readModelsUpTo = async (position: number) => {
      const store = await openStore();
      const runner = await startRunner(store);
      const readModels = directoryReadModels({ store, runner });
      await readModels.waitForPosition(position);
      return { store, runner, readModels };
    };

    beforeEach(async () => {
      harness = await createHarness();
      eventStore = new SqliteEventStore(':memory:', { pollIntervalMs: 10 });
      history = new DirectoryHistory(eventStore);
      logged = [];
    });

    afterEach(async () => {
      for (const runner of runners.splice(0)) await runner.stop();
      for (const store of opened.splice(0)) await store.close();
      await eventStore.close();
      await harness.dispose();
    });

    describe('document store', () => {
      it('writes a document only for a newer position', async () => {
        const store = await openStore();
        expect(await store.upsertIfNewer('things', 'a', 5, { name: 'five' })).toBe(true);
        expect(await store.upsertIfNewer('things', 'a', 5, { name: 'again' })).toBe(false);
        expect(await store.upsertIfNewer('things', 'a', 3, { name: 'older' })).toBe(false);
        expect(await store.updateIfNewer('things', 'a', 4, { name: 'older' })).toBe(false);
        expect(await store.get('things', 'a')).toEqual({ id: 'a', position: 5, doc: { name: 'five' } });

        expect(await store.updateIfNewer('things', 'a', 6, { extra: true })).toBe(true);
        expect(await store.get('things', 'a')).toEqual({ id: 'a', position: 6, doc: { name: 'five', extra: true } });
        expect(await store.upsertIfNewer('things', 'a', 7, { name: 'seven' })).toBe(true);
        expect(await store.get('things', 'a')).toEqual({ id: 'a', position: 7, doc: { name: 'seven' } });
      });

      it('leaves a missing document missing on update, and answers null for it', async () => {
        const store = await openStore();
        expect(await store.updateIfNewer('things', 'nope', 1, { name: 'x' })).toBe(false);
        expect(await store.get('things', 'nope')).toBeNull();
        expect(await store.find('things', { where: { name: 'x' } })).toEqual([]);
      });

      it('finds by equality, sorts on mixed directions and pages by keyset', async () => {
        const store = await openStore();
        await store.ensureIndexes([{ collection: 'things', fields: ['group', 'rank', 'name'] }]);
        const rows = [
          ['a', 'g1', 2],
          ['b', 'g1', 2],
          ['c', 'g1', 1],
          ['d', 'g1', 3],
          ['e', 'g2', 9],
        ] as const;
        let position = 0;
        for (const [name, group, rank] of rows) await store.upsertIfNewer('things', name, ++position, { name, group, rank });

        const query = {
          where: { group: 'g1' },
          orderBy: [
            { field: 'rank', direction: 'desc' },
            { field: 'name', direction: 'asc' },
          ],
        } as const;
        const names = (docs: { doc: { name: string } }[]) => docs.map((d) => d.doc.name);
        expect(names(await store.find<{ name: string }>('things', query))).toEqual(['d', 'a', 'b', 'c']);
        expect(names(await store.find<{ name: string }>('things', { ...query, limit: 2 }))).toEqual(['d', 'a']);
        expect(names(await store.find<{ name: string }>('things', { ...query, after: [2, 'a'], limit: 2 }))).toEqual(['b', 'c']);
        expect(names(await store.find<{ name: string }>('things', { ...query, after: [1, 'c'] }))).toEqual([]);
      });

      it('keeps one checkpoint per projection', async () => {
        const store = await openStore();
        expect(await store.getCheckpoint('directory')).toBeUndefined();
        await store.transaction(() => store.saveCheckpoint('directory', 41));
        await store.saveCheckpoint('directory', 42);
        await store.saveCheckpoint('other', 7);
        expect(await store.getCheckpoint('directory')).toBe(42);
        expect(await store.getCheckpoint('other')).toBe(7);
      });
    });

    describe('directory queries', () => {
      it('lists the tenants of one MSP oldest first, with their status', async () => {
        await history.createMsp('msp-1');
        await history.createTenant('t-b', 'msp-1', 'Bravo');
        await history.createTenant('t-other', 'msp-2', 'Elsewhere');
        await history.createTenant('t-a', 'msp-1', 'Alpha');
        const last = await history.cancelTenant('t-b');
        const { readModels } = await readModelsUpTo(last);

        expect(await readModels.listTenantsOfMsp('msp-1')).toEqual([
          { id: 't-b', name: 'Bravo', status: 'canceled' },
          { id: 't-a', name: 'Alpha', status: 'active' },
        ]);
        expect(await readModels.listTenantsOfMsp('msp-unknown')).toEqual([]);
      });

      it('lists members with the user denormalized, how and when they joined', async () => {
        await history.createTenant('t-1', 'msp-1');
        await history.registerUser('u-admin-added', { email: 'Ann@Contoso.example' });
        await history.addMember('t-1', 'u-admin-added', 'tenant_admin');
        const addedAt = history.lastAt;
        await history.registerUser('u-joined', { signInMethod: 'microsoft' });
        await history.joinViaInviteLink('t-1', 'u-joined', 'technician', 'microsoft');
        const joinedAt = history.lastAt;
        await history.createTenant('t-2', 'msp-1');
        const last = await history.addMember('t-2', 'u-joined', 'read_only');
        const { readModels } = await readModelsUpTo(last);

        const page = await readModels.listTenantUsers('t-1', { limit: 10 });
        expect(page).toEqual({
          items: [
            {
              userId: 'u-joined',
              email: 'u-joined@contoso.example',
              firstName: 'First u-joined',
              lastName: 'Last u-joined',
              roleId: 'technician',
              joinedAt,
              joinedVia: 'invite_link',
              signInMethod: 'microsoft',
            },
            {
              userId: 'u-admin-added',
              email: 'Ann@Contoso.example',
              firstName: 'First u-admin-added',
              lastName: 'Last u-admin-added',
              roleId: 'tenant_admin',
              joinedAt: addedAt,
              joinedVia: 'admin',
              signInMethod: 'password',
            },
          ],
          nextCursor: null,
        });
        expect(await readModels.membershipsOfUser('u-joined')).toEqual([
          { tenantId: 't-1', roleId: 'technician' },
          { tenantId: 't-2', roleId: 'read_only' },
        ]);
        expect(await readModels.membershipsOfUser('u-nobody')).toEqual([]);
        expect(await readModels.listTenantUsers('t-unknown', { limit: 10 })).toEqual({ items: [], nextCursor: null });
      });

      it('pages 25 members by 10, newest first, without duplicates or gaps', async () => {
        await history.createTenant('t-1', 'msp-1');
        for (let i = 0; i < 25; i++) await history.registerUser(`u-${String(i).padStart(2, '0')}`);
        let last = 0;
        // Every third member joins in the same millisecond as the one before: ties are ordered by userId.
        for (let i = 0; i < 25; i++) last = await history.addMember('t-1', `u-${String(i).padStart(2, '0')}`, 'member', i % 3 === 2 ? 0 : 1000);
        const { readModels } = await readModelsUpTo(last);

        const pages = [];
        let cursor: string | undefined;
        do {
          const page = await readModels.listTenantUsers('t-1', { limit: 10, cursor });
          pages.push(page.items);
          cursor = page.nextCursor ?? undefined;
          if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        } while (cursor);

        expect(pages.map((items) => items.length)).toEqual([10, 10, 5]);
        const seen = pages.flat();
        expect(new Set(seen.map((u) => u.userId)).size).toBe(25);
        const expected = [...seen].sort((a, b) =>
          a.joinedAt === b.joinedAt ? a.userId.localeCompare(b.userId) : b.joinedAt.localeCompare(a.joinedAt),
        );
        expect(seen).toEqual(expected);
        expect(seen[0].userId).toBe('u-24');
        expect(seen[24].userId).toBe('u-00');
      });

      it('rejects a limit outside 1..100 and a cursor it did not issue', async () => {
        const { readModels } = await readModelsUpTo(await history.createTenant('t-1', 'msp-1'));
        for (const limit of [0, 101, 2.5]) {
          await expect(readModels.listTenantUsers('t-1', { limit })).rejects.toMatchObject({ code: 'invalid_limit' });
        }
        for (const cursor of ['not json', Buffer.from('{"a":1}').toString('base64url')]) {
          await expect(readModels.listTenantUsers('t-1', { limit: 10, cursor })).rejects.toBeInstanceOf(DomainError);
        }
      });

      it('maps every token hash ever issued to its tenant', async () => {
        await history.createTenant('t-1', 'msp-1');
        await history.createTenant('t-2', 'msp-1');
        await history.enableInviteLink('t-1', 1, 'hash-1');
        await history.disableInviteLink('t-1');
        await history.enableInviteLink('t-1', 1);
        await history.regenerateInviteLink('t-1', 2, 'hash-2');
        const last = await history.enableInviteLink('t-2', 1, 'hash-3');
        const { readModels } = await readModelsUpTo(last);

        expect(await readModels.tenantIdByTokenHash('hash-1')).toBe('t-1');
        expect(await readModels.tenantIdByTokenHash('hash-2')).toBe('t-1');
        expect(await readModels.tenantIdByTokenHash('hash-3')).toBe('t-2');
        expect(await readModels.tenantIdByTokenHash('hash-unknown')).toBeNull();
      });

      it('follows the invite link settings of a tenant through every change, with the ciphertext only', async () => {
        const { readModels } = await readModelsUpTo(await history.createMsp('msp-1'));
        const step = async (append: Promise<number>) => {
          await readModels.waitForPosition(await append, 2000);
          return readModels.inviteLinkOfTenant('t-1');
        };
        const initial: InviteLinkSettings = {
          tenantId: 't-1',
          name: 'Tenant t-1',
          enabled: false,
          defaultRoleId: null,
          allowedDomains: [],
          allowedMicrosoftTenantIds: [],
          requireEmailVerification: false,
          ssoConfigured: false,
          canceled: false,
          generation: 0,
          tokenCiphertext: null,
        };
        expect(await readModels.inviteLinkOfTenant('t-1')).toBeNull();
        expect(await step(history.createTenant('t-1', 'msp-1'))).toEqual(initial);
        await step(history.createTenant('t-2', 'msp-1', 'Other'));

        expect(await step(history.changeDefaultRole('t-1', null, 'member'))).toEqual({ ...initial, defaultRoleId: 'member' });
        const domains = ['contoso.example', 'fabrikam.example'];
        const withDomains = { ...initial, defaultRoleId: 'member', allowedDomains: domains };
        expect(await step(history.changeAllowedDomains('t-1', [], domains))).toEqual(withDomains);
        const entraTenants = ['72f988bf-86f1-41af-91ab-2d7cd011db47'];
        const withTenants = { ...withDomains, allowedMicrosoftTenantIds: entraTenants };
        expect(await step(history.changeAllowedMicrosoftTenants('t-1', [], entraTenants))).toEqual(withTenants);
        const configured = { ...withTenants, requireEmailVerification: true };
        expect(await step(history.setEmailVerification('t-1', true))).toEqual(configured);
        const enabled = { ...configured, enabled: true, generation: 1, tokenCiphertext: ciphertextOf('hash-1') };
        expect(await step(history.enableInviteLink('t-1', 1, 'hash-1'))).toEqual(enabled);
        expect(await step(history.configureSso('t-1'))).toEqual({ ...enabled, ssoConfigured: true });
        expect(await step(history.disableInviteLink('t-1', 'sso_configured'))).toEqual({ ...enabled, ssoConfigured: true, enabled: false });
        expect(await step(history.removeSso('t-1'))).toEqual({ ...enabled, enabled: false });
        const regenerated = { ...enabled, enabled: false, generation: 2, tokenCiphertext: ciphertextOf('hash-2') };
        expect(await step(history.regenerateInviteLink('t-1', 2, 'hash-2'))).toEqual(regenerated);
        // Re-enabling carries no token: the regenerated one stays (R7).
        expect(await step(history.enableInviteLink('t-1', 2))).toEqual({ ...regenerated, enabled: true });
        expect(await step(history.changeAllowedDomains('t-1', domains, []))).toEqual({ ...regenerated, enabled: true, allowedDomains: [] });
        const verificationOff = { ...regenerated, enabled: true, allowedDomains: [], requireEmailVerification: false };
        expect(await step(history.setEmailVerification('t-1', false))).toEqual(verificationOff);
        await history.cancelTenant('t-1');
        const canceled = await step(history.disableInviteLink('t-1', 'tenant_canceled'));
        expect(canceled).toEqual({ ...verificationOff, enabled: false, canceled: true });

        expect(JSON.stringify(canceled)).not.toMatch(/hash/);
        expect(await readModels.inviteLinkOfTenant('t-2')).toEqual({ ...initial, tenantId: 't-2', name: 'Other' });
        expect(await readModels.inviteLinkOfTenant('t-unknown')).toBeNull();
      });

      it('lists the roles of a tenant: built-in ones in their fixed order, then custom ones in creation order', async () => {
        await history.createTenant('t-1', 'msp-1');
        await history.createTenant('t-2', 'msp-1');
        await history.createRole('t-1', 'r-zeta', 'Zeta');
        await history.createRole('t-2', 'r-other', 'Elsewhere');
        await history.createRole('t-1', 'r-alpha', 'Alpha');
        for (let i = 0; i < 9; i++) await history.createRole('t-2', `r-${i}`, `Role ${i}`);
        const last = await history.createRole('t-1', 'r-10', 'Ten');
        const { readModels } = await readModelsUpTo(last);

        const builtIn = BUILT_IN_ROLES.map(({ id, name }) => ({ id, name, builtIn: true }));
        expect(await readModels.listTenantRoles('t-1')).toEqual([
          ...builtIn,
          { id: 'r-zeta', name: 'Zeta', builtIn: false },
          { id: 'r-alpha', name: 'Alpha', builtIn: false },
          { id: 'r-10', name: 'Ten', builtIn: false },
        ]);
        expect((await readModels.listTenantRoles('t-2')).map((role) => role.id)).toEqual([
          ...builtIn.map((role) => role.id),
          'r-other',
          ...Array.from({ length: 9 }, (_, i) => `r-${i}`),
        ]);
        expect(await readModels.listTenantRoles('t-unknown')).toEqual([]);
      });

      it('lists open registrations older than an instant, oldest first, until they complete or are undone', async () => {
        const reserve = (userId: string, purpose: Record<string, unknown> | undefined, at: string) =>
          append(`emailReservation-${userId}`, 'EmailReserved', purpose ? { userId, purpose } : { userId }, at);
        await reserve('u-legacy', undefined, '2025-03-01T09:00:00.000Z');
        await reserve('u-link', { kind: 'invite_link', tenantId: 't-1' }, '2025-03-01T09:00:02.000Z');
        await reserve('u-admin', { kind: 'msp_admin', mspId: 'm-1' }, '2025-03-01T09:00:01.000Z');
        await reserve('u-member', { kind: 'tenant_member' }, '2025-03-01T09:00:03.000Z');
        await reserve('u-done', { kind: 'tenant_member', tenantId: 't-1' }, '2025-03-01T09:00:00.500Z');
        await reserve('u-undone', { kind: 'invite_link', tenantId: 't-1' }, '2025-03-01T09:00:00.700Z');
        await reserve('u-late', { kind: 'invite_link', tenantId: 't-1' }, '2025-03-01T10:00:00.000Z');
        await append('emailReservation-u-done', 'RegistrationCompleted', { userId: 'u-done' }, '2025-03-01T09:00:05.000Z');
        const last = await append('emailReservation-u-undone', 'EmailReleased', { userId: 'u-undone', reason: 'x' }, '2025-03-01T09:00:05.000Z');
        const { readModels } = await readModelsUpTo(last);

        expect(await readModels.openRegistrations('2025-03-01T09:30:00.000Z', 10)).toEqual([
          { userId: 'u-admin', reservationStream: 'emailReservation-u-admin', purpose: 'msp_admin', startedAt: '2025-03-01T09:00:01.000Z' },
          { userId: 'u-link', reservationStream: 'emailReservation-u-link', purpose: 'invite_link', startedAt: '2025-03-01T09:00:02.000Z' },
          { userId: 'u-member', reservationStream: 'emailReservation-u-member', purpose: 'tenant_member', startedAt: '2025-03-01T09:00:03.000Z' },
        ]);
        expect((await readModels.openRegistrations('2025-03-01T09:00:02.000Z', 10)).map((r) => r.userId)).toEqual(['u-admin']);
        expect((await readModels.openRegistrations('2025-03-01T11:00:00.000Z', 2)).map((r) => r.userId)).toEqual(['u-admin', 'u-link']);
      });

      it('lists the open registrations one instance opened, any run and any age, oldest first', async () => {
        const purpose = { kind: 'invite_link', tenantId: 't-1' };
        const run1 = { instanceId: 'host-a:3000', runId: 'run-1' };
        const run2 = { instanceId: 'host-a:3000', runId: 'run-2' };
        await append('emailReservation-a1', 'EmailReserved', { userId: 'u-a1', purpose, openedBy: run1 }, '2025-03-01T09:00:02.000Z');
        await append('emailReservation-a2', 'EmailReserved', { userId: 'u-a2', purpose, openedBy: run2 }, '2025-03-01T09:00:01.000Z');
        await append('emailReservation-b', 'EmailReserved', { userId: 'u-b', purpose, openedBy: { instanceId: 'host-b:3000', runId: 'run-1' } }, '2025-03-01T09:00:00.000Z');
        await append('emailReservation-numbered', 'EmailReserved', { userId: 'u-numbered', purpose, openedBy: { instanceId: 'host-a:3000#2', runId: 'x' } }, '2025-03-01T09:00:00.000Z');
        await append('emailReservation-legacy', 'EmailReserved', { userId: 'u-legacy', purpose }, '2025-03-01T08:00:00.000Z');
        await append('emailReservation-done', 'EmailReserved', { userId: 'u-done', purpose, openedBy: run1 }, '2025-03-01T09:00:00.000Z');
        const last = await append('emailReservation-done', 'RegistrationCompleted', { userId: 'u-done' }, '2025-03-01T09:00:03.000Z');
        const { readModels } = await readModelsUpTo(last);

        expect(await readModels.openRegistrationsOfInstance('host-a:3000', 10)).toEqual([
          { userId: 'u-a2', reservationStream: 'emailReservation-a2', purpose: 'invite_link', startedAt: '2025-03-01T09:00:01.000Z', openedBy: run2 },
          { userId: 'u-a1', reservationStream: 'emailReservation-a1', purpose: 'invite_link', startedAt: '2025-03-01T09:00:02.000Z', openedBy: run1 },
        ]);
        expect((await readModels.openRegistrationsOfInstance('host-a:3000', 1)).map((r) => r.userId)).toEqual(['u-a2']);
        expect(await readModels.openRegistrationsOfInstance('host-c:3000', 10)).toEqual([]);
      });

      it('lists the people of a tenant waiting for their email confirmation, newest first, until they join or their registration is undone', async () => {
        await history.createTenant('t-1', 'msp-1');
        const signUp = async (userId: string, tenantId = 't-1', advanceMs?: number) => {
          await history.reserveEmail(userId, { kind: 'invite_link', tenantId }, advanceMs);
          await history.registerUser(userId, { email: `${userId}@Contoso.example` });
          return history.requestEmailVerification(userId, tenantId, '2025-03-01T10:00:00.000Z', 0);
        };
        await signUp('u-old');
        const oldAt = history.lastAt;
        await signUp('u-b');
        await signUp('u-a', 't-1', 0); // the same instant as u-b: ties by user id
        await signUp('u-joined');
        await signUp('u-expired');
        await signUp('u-elsewhere', 't-2');
        await history.resendEmailVerification('u-old');
        await history.verifyEmail('u-joined');
        await history.joinViaInviteLink('t-1', 'u-joined', 'member');
        await history.completeRegistration('u-joined');
        await history.expireEmailVerification('u-expired', '2025-03-01T10:00:00.000Z');
        const last = await history.undoRegistration('u-expired', 'verification_expired');
        const { readModels } = await readModelsUpTo(last);

        const waiting = await readModels.pendingSignupsOfTenant('t-1', 10);
        expect(waiting.map((signup) => signup.userId)).toEqual(['u-a', 'u-b', 'u-old']);
        expect(waiting[2]).toEqual({
          userId: 'u-old',
          tenantId: 't-1',
          email: 'u-old@Contoso.example',
          firstName: 'First u-old',
          lastName: 'Last u-old',
          signedUpAt: oldAt,
          expiresAt: '2025-03-01T10:00:00.000Z',
        });
        expect((await readModels.pendingSignupsOfTenant('t-1', 1)).map((signup) => signup.userId)).toEqual(['u-a']);
        expect((await readModels.pendingSignupsOfTenant('t-2', 10)).map((signup) => signup.userId)).toEqual(['u-elsewhere']);
        expect(await readModels.pendingSignupsOfTenant('t-unknown', 10)).toEqual([]);
        // The one who confirmed is a member now, with the link's role.
        expect((await readModels.listTenantUsers('t-1', { limit: 10 })).items.map((user) => [user.userId, user.roleId])).toEqual([['u-joined', 'member']]);
      });

      it('finds the registration of an email verification code by its hash, and nothing for an unknown hash', async () => {
        await history.reserveEmail('u-1');
        await history.registerUser('u-1');
        const last = await history.requestEmailVerification('u-1', 't-1', '2025-03-01T10:00:00.000Z');
        const { readModels } = await readModelsUpTo(last);

        expect(await readModels.verificationCodeOwner(verificationSecretsOf('u-1').codeHash)).toEqual({
          userId: 'u-1',
          tenantId: 't-1',
          reservationStream: reservationOf('u-1'),
        });
        expect(await readModels.verificationCodeOwner(verificationSecretsOf('u-unknown').codeHash)).toBeNull();
      });

      it('queues one mail per request and per resend, oldest first, until it is sent or discarded', async () => {
        const ask = async (userId: string) => {
          await history.reserveEmail(userId);
          await history.registerUser(userId);
          await history.requestEmailVerification(userId, 't-1', '2025-03-01T10:00:00.000Z');
          return { messageId: history.lastEventId, queuedAt: history.lastAt };
        };
        const first = await ask('u-1');
        const second = await ask('u-2');
        await history.resendEmailVerification('u-1');
        const resend = { messageId: history.lastEventId, queuedAt: history.lastAt };
        const third = await ask('u-3');
        await history.mailSent(first.messageId, 2);
        const last = await history.mailDiscarded(third.messageId);
        const { readModels } = await readModelsUpTo(last);

        expect(await readModels.queuedMails(10)).toEqual([
          { ...second, kind: 'email_verification', streamName: reservationOf('u-2') },
          { ...resend, kind: 'email_verification', streamName: reservationOf('u-1') },
        ]);
        expect((await readModels.queuedMails(1)).map((mail) => mail.messageId)).toEqual([second.messageId]);
      });

      it('lists verifications overdue at an instant, soonest expiry first, never as interrupted registrations', async () => {
        const waitFor = async (userId: string, expiresAt: string) => {
          await history.reserveEmail(userId);
          await history.registerUser(userId);
          return history.requestEmailVerification(userId, 't-1', expiresAt);
        };
        await waitFor('u-late', '2025-03-01T12:00:00.000Z');
        await waitFor('u-soon', '2025-03-01T10:00:00.000Z');
        await waitFor('u-sooner', '2025-03-01T09:30:00.000Z');
        await waitFor('u-confirmed', '2025-03-01T09:30:00.000Z');
        await history.verifyEmail('u-confirmed');
        await waitFor('u-undone', '2025-03-01T09:30:00.000Z');
        await history.expireEmailVerification('u-undone', '2025-03-01T09:30:00.000Z');
        const last = await history.undoRegistration('u-undone', 'verification_expired');
        const { readModels } = await readModelsUpTo(last);

        const overdue = await readModels.overdueVerifications('2025-03-01T11:00:00.000Z', 10);
        expect(overdue.map((registration) => registration.userId)).toEqual(['u-sooner', 'u-soon']);
        expect(overdue[0]).toMatchObject({ reservationStream: reservationOf('u-sooner'), purpose: 'invite_link' });
        expect((await readModels.overdueVerifications('2025-03-01T11:00:00.000Z', 1)).map((registration) => registration.userId)).toEqual(['u-sooner']);
        expect(await readModels.overdueVerifications('2025-03-01T09:00:00.000Z', 10)).toEqual([]);
        // Only the confirmed one is open (its join runs now); the waiting ones are not interrupted.
        expect((await readModels.openRegistrations('2025-03-02T00:00:00.000Z', 10)).map((registration) => registration.userId)).toEqual(['u-confirmed']);
      });

      it('never stores a password hash', async () => {
        await history.createTenant('t-1', 'msp-1');
        await history.registerUser('u-1');
        await history.registerUser('u-2', { signInMethod: 'microsoft' });
        await history.addMember('t-1', 'u-1');
        const last = await history.joinViaInviteLink('t-1', 'u-2', 'member', 'microsoft');
        await readModelsUpTo(last);

        const text = await harness.dumpAllText();
        expect(text).toContain('u-1@contoso.example');
        expect(text).not.toContain(passwordHashOf('u-1'));
        expect(text).not.toContain('SECRET-HASH');
        expect(text).not.toContain('argon2');
        expect(text).not.toMatch(/passwordHash/i);
      });

      it('keeps an email verification\'s seed and invite token hash out of every collection, and its code hash out of all but the code look-up', async () => {
        await history.createTenant('t-1', 'msp-1');
        await history.reserveEmail('u-1');
        await history.registerUser('u-1');
        await history.requestEmailVerification('u-1', 't-1', '2025-03-01T10:00:00.000Z');
        await history.mailSent(history.lastEventId);
        await history.verifyEmail('u-1');
        await history.joinViaInviteLink('t-1', 'u-1', 'member');
        const last = await history.completeRegistration('u-1');
        await readModelsUpTo(last);

        const text = await harness.dumpAllText();
        const { tokenHash, codeHash, codeSeed } = verificationSecretsOf('u-1');
        expect(text).toContain('u-1@contoso.example');
        expect(text).not.toContain(codeSeed);
        expect(text).not.toContain(tokenHash);
        expect(text).not.toMatch(/codeSeed|tokenHash|codeHash/);
        // The code's keyed hash is the id of its look-up document, and appears nowhere else.
        expect(text.split(codeHash).length - 1).toBe(1);
      });
    });

    describe('idempotency', () => {
      it('changes nothing when events are delivered again, or older ones after newer ones', async () => {
        await history.createTenant('t-1', 'msp-1');
        await history.registerUser('u-1');
        await history.addMember('t-1', 'u-1', 'member');
        await history.registerUser('u-2');
        await history.joinViaInviteLink('t-1', 'u-2');
        await history.createRole('t-1', 'r-1', 'Custom');
        await history.changeDefaultRole('t-1', null, 'r-1');
        await history.changeAllowedDomains('t-1', [], ['contoso.example']);
        await history.enableInviteLink('t-1', 1, 'hash-1');
        await history.configureSso('t-1');
        await history.disableInviteLink('t-1', 'sso_configured');
        await history.removeSso('t-1');
        await history.regenerateInviteLink('t-1', 2, 'hash-2');
        await history.enableInviteLink('t-1', 2);
        // Email verifications: one joins after a resend, one expires, one still waits; their mails.
        for (const userId of ['u-3', 'u-4', 'u-5']) {
          await history.reserveEmail(userId);
          await history.registerUser(userId);
          await history.requestEmailVerification(userId, 't-1', '2025-03-01T10:00:00.000Z');
          if (userId === 'u-3') await history.mailSent(history.lastEventId);
          if (userId === 'u-4') await history.mailDiscarded(history.lastEventId);
        }
        await history.resendEmailVerification('u-3');
        await history.verifyEmail('u-3');
        await history.joinViaInviteLink('t-1', 'u-3', 'r-1');
        await history.completeRegistration('u-3');
        await history.expireEmailVerification('u-4', '2025-03-01T10:00:00.000Z');
        await history.undoRegistration('u-4', 'verification_expired');
        await history.cancelTenant('t-1');
        const last = await history.disableInviteLink('t-1', 'tenant_canceled');
        const { store, runner, readModels } = await readModelsUpTo(last);
        const waitingBefore = await readModels.pendingSignupsOfTenant('t-1', 10);
        const queuedBefore = await readModels.queuedMails(10);
        const linkBefore = await readModels.inviteLinkOfTenant('t-1');
        const rolesBefore = await readModels.listTenantRoles('t-1');
        await runner.stop();
        const before = await harness.dumpAllText();
        const events: RecordedEvent[] = await eventStore.readAll();

        for (const event of events) await directoryProjection.apply(event, store);
        for (const event of [...events].reverse()) await directoryProjection.apply(event, store);
        // The newest event twice in a row, then the oldest one after it.
        await directoryProjection.apply(events[events.length - 1], store);
        await directoryProjection.apply(events[0], store);

        expect(await harness.dumpAllText()).toBe(before);
        expect(await readModels.listTenantsOfMsp('msp-1')).toEqual([{ id: 't-1', name: 'Tenant t-1', status: 'canceled' }]);
        expect(await readModels.inviteLinkOfTenant('t-1')).toEqual(linkBefore);
        expect(linkBefore).toMatchObject({ enabled: false, canceled: true, generation: 2, defaultRoleId: 'r-1' });
        expect(await readModels.listTenantRoles('t-1')).toEqual(rolesBefore);
        expect(rolesBefore).toHaveLength(BUILT_IN_ROLES.length + 1);
        expect(await readModels.pendingSignupsOfTenant('t-1', 10)).toEqual(waitingBefore);
        expect(waitingBefore.map((signup) => signup.userId)).toEqual(['u-5']);
        expect(await readModels.queuedMails(10)).toEqual(queuedBefore);
        expect(queuedBefore.map((mail) => mail.streamName)).toEqual([reservationOf('u-5'), reservationOf('u-3')]);
      });
    });

    describe('projection runner', () => {
      const counting = (applied: number[]): Projection => ({
        ...directoryProjection,
        apply: (event, store) => {
          applied.push(event.position);
          return directoryProjection.apply(event, store);
        },
      });

      it('resumes after its checkpoint on restart, without applying anything twice', async () => {
        await history.createTenant('t-1', 'msp-1');
        await history.registerUser('u-1');
        const firstHead = await history.addMember('t-1', 'u-1');
        const firstRun: number[] = [];
        const store1 = await openStore();
        const runner1 = await startRunner(store1, counting(firstRun), { batchSize: 2 });
        await runner1.waitForPosition(firstHead);
        await runner1.stop();
        await store1.close();
        expect(firstRun).toEqual((await eventStore.readAll()).map((e) => e.position));

        await history.registerUser('u-2');
        const secondHead = await history.joinViaInviteLink('t-1', 'u-2');
        const secondRun: number[] = [];
        const store2 = await openStore();
        expect(await store2.getCheckpoint(directoryProjection.name)).toBe(firstHead);
        const runner2 = await startRunner(store2, counting(secondRun));
        expect(runner2.lastAppliedPosition).toBe(firstHead);
        await runner2.waitForPosition(secondHead);

        expect(secondRun).toEqual((await eventStore.readAll({ after: firstHead })).map((e) => e.position));
        expect(await store2.getCheckpoint(directoryProjection.name)).toBe(secondHead);
        const readModels = directoryReadModels({ store: store2, runner: runner2 });
        expect((await readModels.listTenantUsers('t-1', { limit: 10 })).items.map((u) => u.userId)).toEqual(['u-2', 'u-1']);
        expect(logged).toEqual([]);
      });

      it('applies live events and lets a caller wait for its own write', async () => {
        const { runner, readModels } = await readModelsUpTo(await history.createMsp('msp-1'));
        expect(await runner.lag()).toMatchObject({ eventsBehind: 0, millisecondsBehind: 0 });

        const position = await history.createTenant('t-live', 'msp-1');
        await readModels.waitForPosition(position, 2000);
        expect(runner.lastAppliedPosition).toBeGreaterThanOrEqual(position);
        expect(await readModels.listTenantsOfMsp('msp-1')).toEqual([{ id: 't-live', name: 'Tenant t-live', status: 'active' }]);
        await expect(readModels.waitForPosition(position - 1, 0)).resolves.toBeUndefined();
      });

      it('rejects a wait that outlasts its timeout with a clear error', async () => {
        const head = await history.createMsp('msp-1');
        const { readModels } = await readModelsUpTo(head);
        const started = Date.now();
        const wait = readModels.waitForPosition(head + 1000, 100);
        await expect(wait).rejects.toBeInstanceOf(ReadModelTimeoutError);
        await expect(wait).rejects.toThrow(`did not reach position ${head + 1000} within 100 ms`);
        expect(Date.now() - started).toBeGreaterThanOrEqual(90);
      });

      it('reports how far behind it is, in events and in milliseconds since the oldest pending event', async () => {
        await history.createMsp('msp-1');
        const head = await history.createTenant('t-1', 'msp-1');
        const [oldest] = await eventStore.readAll();
        const now = new Date(oldest.recordedAt.getTime() + 1234);
        const store = await openStore();
        const runner = new ProjectionRunner(eventStore, store, directoryProjection, { clock: { now: () => now } });
        runners.push(runner);
        expect(await runner.lag()).toEqual({
          lastAppliedPosition: undefined,
          headPosition: head,
          eventsBehind: 2,
          millisecondsBehind: 1234,
        });

        await runner.start();
        await runner.waitForPosition(head);
        expect(await runner.lag()).toEqual({ lastAppliedPosition: head, headPosition: head, eventsBehind: 0, millisecondsBehind: 0 });
      });

      it('logs a failing batch and retries it instead of skipping its events', async () => {
        await history.createTenant('t-1', 'msp-1');
        await history.registerUser('u-1');
        const memberAdded = await history.addMember('t-1', 'u-1');
        let failuresLeft = 2;
        const flaky: Projection = {
          ...directoryProjection,
          apply: async (event, store) => {
            if (event.position === memberAdded && failuresLeft-- > 0) throw new Error('disk on fire');
            await directoryProjection.apply(event, store);
          },
        };
        const store = await openStore();
        const runner = await startRunner(store, flaky);
        const readModels = directoryReadModels({ store, runner });
        await readModels.waitForPosition(memberAdded);

        expect(logged).toHaveLength(2);
        expect(logged[0].message).toMatch(/failed; retrying/);
        expect((logged[0].error as Error).message).toBe('disk on fire');
        expect(await readModels.membershipsOfUser('u-1')).toEqual([{ tenantId: 't-1', roleId: 'member' }]);
        expect(await store.getCheckpoint(directoryProjection.name)).toBe(memberAdded);
      });
    });
  });
}
