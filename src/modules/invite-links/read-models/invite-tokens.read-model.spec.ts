import { SqliteDocumentStore } from '../../../infrastructure/read-models/sqlite/sqlite-document-store';
import { on, readModelSpec } from '../../../shared/application/testing/read-model-spec';
import { InviteLinkEnabled, InviteLinkRegenerated } from '../domain/invite-link.events';
import { tenantStream } from '../../tenancy/domain/tenant.events';
import { inviteTokensReadModel } from './invite-tokens.read-model';

const spec = readModelSpec(inviteTokensReadModel, () => new SqliteDocumentStore(':memory:'));

const firstEnabled: InviteLinkEnabled = {
  type: 'InviteLinkEnabled',
  data: { generation: 1, token: { hash: 'hash-1', ciphertext: 'cipher-1' } },
};
const reEnabled: InviteLinkEnabled = { type: 'InviteLinkEnabled', data: { generation: 1 } };
const regenerated = (generation: number): InviteLinkRegenerated => ({
  type: 'InviteLinkRegenerated',
  data: { generation, token: { hash: `hash-${generation}`, ciphertext: `cipher-${generation}` } },
});

describe('invite tokens read model', () => {
  it('given the first InviteLinkEnabled, then its token hash points to the tenant; re-enabling issues no token', () =>
    spec
      .given(on(tenantStream('t-1'), firstEnabled), on(tenantStream('t-1'), { type: 'InviteLinkDisabled', data: { reason: 'admin' } }), on(tenantStream('t-1'), reEnabled))
      .then({ 'hash-1': { tokenHash: 'hash-1', tenantId: 't-1', generation: 1 } }));

  it('given InviteLinkRegenerated, then the new hash is added and the former ones stay', () =>
    spec.given(on(tenantStream('t-1'), firstEnabled), on(tenantStream('t-1'), regenerated(2)), on(tenantStream('t-1'), regenerated(3))).then({
      'hash-1': { tokenHash: 'hash-1', tenantId: 't-1', generation: 1 },
      'hash-2': { tokenHash: 'hash-2', tenantId: 't-1', generation: 2 },
      'hash-3': { tokenHash: 'hash-3', tenantId: 't-1', generation: 3 },
    }));

  it('finds the tenant of a current or former token hash, and no tenant for an unknown one', () =>
    spec
      .given(on(tenantStream('t-1'), firstEnabled), on(tenantStream('t-1'), regenerated(2)))
      .thenQuery(async (store) => {
        const queries = inviteTokensReadModel.queries(store);
        expect(await queries.tenantIdByTokenHash('hash-1')).toBe('t-1');
        expect(await queries.tenantIdByTokenHash('hash-2')).toBe('t-1');
        expect(await queries.tenantIdByTokenHash('hash-unknown')).toBeNull();
      }));
});
