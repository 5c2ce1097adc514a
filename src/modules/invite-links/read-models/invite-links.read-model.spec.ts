import { SqliteDocumentStore } from '../../../infrastructure/read-models/sqlite/sqlite-document-store';
import { on, readModelSpec } from '../../../shared/application/testing/read-model-spec';
import { BUILT_IN_ROLES } from '../../tenancy/domain/roles';
import {
  InviteLinkAllowedDomainsChanged,
  InviteLinkDefaultRoleChanged,
  InviteLinkDisabled,
  InviteLinkEmailVerificationSet,
  InviteLinkEnabled,
  InviteLinkMicrosoftTenantsChanged,
  InviteLinkRegenerated,
} from '../domain/invite-link.events';
import { TenantCreated, tenantStream } from '../../tenancy/domain/tenant.events';
import { InviteLinkDocument, inviteLinksReadModel } from './invite-links.read-model';

const spec = readModelSpec(inviteLinksReadModel, () => new SqliteDocumentStore(':memory:'));
const t1 = tenantStream('t-1');

const created: TenantCreated = {
  type: 'TenantCreated',
  data: { tenantId: 't-1', mspId: 'msp-1', name: 'Contoso', builtInRoles: [...BUILT_IN_ROLES] },
};
const enabled: InviteLinkEnabled = { type: 'InviteLinkEnabled', data: { generation: 1, token: { hash: 'hash-1', ciphertext: 'cipher-1' } } };
const reEnabled: InviteLinkEnabled = { type: 'InviteLinkEnabled', data: { generation: 1 } };
const disabled = (reason: InviteLinkDisabled['data']['reason']): InviteLinkDisabled => ({ type: 'InviteLinkDisabled', data: { reason } });
const regenerated: InviteLinkRegenerated = {
  type: 'InviteLinkRegenerated',
  data: { generation: 2, token: { hash: 'hash-2', ciphertext: 'cipher-2' } },
};
const defaultRole: InviteLinkDefaultRoleChanged = { type: 'InviteLinkDefaultRoleChanged', data: { from: null, to: 'member' } };
const domains: InviteLinkAllowedDomainsChanged = {
  type: 'InviteLinkAllowedDomainsChanged',
  data: { added: ['contoso.com', 'fabrikam.com'], removed: [], domains: ['contoso.com', 'fabrikam.com'] },
};
const microsoftTenants: InviteLinkMicrosoftTenantsChanged = {
  type: 'InviteLinkMicrosoftTenantsChanged',
  data: { added: ['tid-1'], removed: [], tenantIds: ['tid-1'] },
};

const verification = (requireEmailVerification: boolean): InviteLinkEmailVerificationSet => ({
  type: 'InviteLinkEmailVerificationSet',
  data: { requireEmailVerification },
});

/** The link TenantCreated makes: disabled, no token, nothing allowed yet. */
const fresh: InviteLinkDocument = {
  tenantId: 't-1',
  mspId: 'msp-1',
  name: 'Contoso',
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

describe('invite links read model', () => {
  it('given TenantCreated, then the tenant has a disabled link without a token', () => spec.given(on(t1, created)).then({ 't-1': fresh }));

  it('given the first InviteLinkEnabled, then the link is enabled with generation 1 and its ciphertext (never the hash)', () =>
    spec.given(on(t1, created), on(t1, enabled)).then({ 't-1': { ...fresh, enabled: true, generation: 1, tokenCiphertext: 'cipher-1' } }));

  it('given a disable and a re-enable, then the link is enabled again with the same token', () =>
    spec
      .given(on(t1, created), on(t1, enabled), on(t1, disabled('admin')), on(t1, reEnabled))
      .then({ 't-1': { ...fresh, enabled: true, generation: 1, tokenCiphertext: 'cipher-1' } }));

  it('given InviteLinkRegenerated, then the link carries the new generation and ciphertext', () =>
    spec.given(on(t1, created), on(t1, enabled), on(t1, regenerated)).then({
      't-1': { ...fresh, enabled: true, generation: 2, tokenCiphertext: 'cipher-2' },
    }));

  it('given the settings changes, then each sets its whole field', () =>
    spec.given(on(t1, created), on(t1, defaultRole), on(t1, domains), on(t1, microsoftTenants)).then({
      't-1': {
        ...fresh,
        defaultRoleId: 'member',
        allowedDomains: ['contoso.com', 'fabrikam.com'],
        allowedMicrosoftTenantIds: ['tid-1'],
      },
    }));

  it('given InviteLinkEmailVerificationSet on, then off, then the link follows each', async () => {
    await spec.given(on(t1, created), on(t1, verification(true))).then({ 't-1': { ...fresh, requireEmailVerification: true } });
    await spec.given(on(t1, created), on(t1, verification(true)), on(t1, verification(false))).then({ 't-1': fresh });
  });

  it('given SSO configured, removed, then the tenant canceled, then the link follows each', () =>
    spec
      .given(
        on(t1, created),
        on(t1, { type: 'TenantSsoConfigured', data: { protocol: 'saml', entityId: 'https://idp.example/e', ssoUrl: 'https://idp.example/sso' } }),
        on(t1, { type: 'TenantSsoRemoved', data: {} }),
        on(t1, { type: 'TenantCanceled', data: {} }),
        on(t1, disabled('tenant_canceled')),
      )
      .then({ 't-1': { ...fresh, ssoConfigured: false, canceled: true } }));

  it('given a link event of a tenant it never saw, then no document appears', () => spec.given(on(t1, enabled)).then({}));

  it('answers the settings as a whitelist, reading a link projected before Microsoft tenants or email verification existed as none and off', () =>
    spec
      .given(on(t1, created), on(t1, enabled))
      .thenQuery(async (store) => {
        const { allowedMicrosoftTenantIds: _absent, requireEmailVerification: _alsoAbsent, ...older } = {
          ...fresh,
          enabled: true,
          generation: 1,
          tokenCiphertext: 'cipher-1',
        };
        await store.upsertIfNewer('invite_links', 't-1', 99, { ...older, unexpected: 'never shown' });
        expect(await inviteLinksReadModel.queries(store).inviteLinkOfTenant('t-1')).toEqual({
          tenantId: 't-1',
          name: 'Contoso',
          enabled: true,
          defaultRoleId: null,
          allowedDomains: [],
          allowedMicrosoftTenantIds: [],
          requireEmailVerification: false,
          ssoConfigured: false,
          canceled: false,
          generation: 1,
          tokenCiphertext: 'cipher-1',
        });
        expect(await inviteLinksReadModel.queries(store).inviteLinkOfTenant('t-2')).toBeNull();
      }));
});
