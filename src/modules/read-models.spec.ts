import { SqliteDocumentStore } from '../infrastructure/read-models/sqlite/sqlite-document-store';
import { RecordedEvent } from '../shared/application/event-store.port';
import { directoryProjection, directoryReadModels, READ_MODELS_IN_ORDER } from './read-models';
import { BUILT_IN_ROLES } from './tenancy/domain/roles';

/**
 * Stores built before the read models were split into files hold a checkpoint named "directory",
 * these collections and these indexes: the composition must keep every name.
 */
describe('the composed read models', () => {
  it('run as one projection with the checkpoint, collections and indexes existing stores know', () => {
    expect(directoryProjection.name).toBe('directory');
    expect(READ_MODELS_IN_ORDER.map((readModel) => readModel.collection).sort()).toEqual(
      [
        'daily_signups',
        'email_verification_codes',
        'invite_links',
        'invite_tokens',
        'mail_outbox',
        'memberships',
        'msp_admins',
        'msps',
        'pending_signups',
        'registrations',
        'tenant_roles',
        'tenants',
        'users',
      ],
    );
    expect([...directoryProjection.indexes].sort((a, b) => `${a.collection}`.localeCompare(b.collection))).toEqual([
      { collection: 'daily_signups', fields: ['tenantId', 'day'] },
      { collection: 'daily_signups', fields: ['mspId', 'day'] },
      { collection: 'mail_outbox', fields: ['status', 'queuedAt', 'messageId'] },
      { collection: 'memberships', fields: ['tenantId', 'joinedAt', 'userId'] },
      { collection: 'memberships', fields: ['userId'] },
      { collection: 'msp_admins', fields: ['mspId'] },
      { collection: 'pending_signups', fields: ['tenantId', 'status', 'signedUpAt', 'userId'] },
      { collection: 'registrations', fields: ['status', 'startedAt', 'userId'] },
      { collection: 'registrations', fields: ['status', 'verificationExpiresAt', 'userId'] },
      { collection: 'tenant_roles', fields: ['tenantId', 'section', 'rank'] },
      { collection: 'tenants', fields: ['mspId', 'createdPosition'] },
      { collection: 'tenants', fields: ['linkEnabled', 'mspId'] },
    ]);
  });

  it('hand each event to every read model, and answer every query of the port from them', async () => {
    const store = new SqliteDocumentStore(':memory:');
    try {
      await store.ensureIndexes(directoryProjection.indexes);
      const event = (position: number, streamName: string, type: string, data: Record<string, unknown>): RecordedEvent => ({
        id: `e-${position}`,
        type,
        streamName,
        revision: 0,
        position,
        data,
        metadata: { actor: { type: 'system' }, at: '2026-01-01T00:00:00.000Z', correlationId: 'spec' },
        recordedAt: new Date('2026-01-01T00:00:00.000Z'),
      });
      await directoryProjection.apply(
        event(1, 'tenant-t-1', 'TenantCreated', { tenantId: 't-1', mspId: 'msp-1', name: 'Contoso', builtInRoles: [...BUILT_IN_ROLES] }),
        store,
      );
      await directoryProjection.apply(
        event(2, 'tenant-t-1', 'InviteLinkEnabled', { generation: 1, token: { hash: 'hash-1', ciphertext: 'cipher-1' } }),
        store,
      );
      const waits: number[] = [];
      const readModels = directoryReadModels({ store, runner: { waitForPosition: async (position) => void waits.push(position) } });

      expect(await readModels.listTenantsOfMsp('msp-1')).toEqual([{ id: 't-1', name: 'Contoso', status: 'active' }]);
      expect((await readModels.listTenantRoles('t-1')).map((role) => role.id)).toEqual(BUILT_IN_ROLES.map((role) => role.id));
      expect(await readModels.inviteLinkOfTenant('t-1')).toMatchObject({ enabled: true, tokenCiphertext: 'cipher-1' });
      expect(await readModels.tenantIdByTokenHash('hash-1')).toBe('t-1');
      expect(await readModels.listTenantUsers('t-1', { limit: 10 })).toEqual({ items: [], nextCursor: null });
      expect(await readModels.membershipsOfUser('u-1')).toEqual([]);
      expect(await readModels.openRegistrations('2027-01-01T00:00:00.000Z', 10)).toEqual([]);
      expect(await readModels.openRegistrationsOfInstance('host:3000', 10)).toEqual([]);
      expect(await readModels.joinsPerDay('t-1', '2026-01-01', '2026-01-02')).toEqual([]);
      await readModels.waitForPosition(2);
      expect(waits).toEqual([2]);
    } finally {
      await store.close();
    }
  });
});
