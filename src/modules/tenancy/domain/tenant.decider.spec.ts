import { given } from '../../../shared/domain/testing/given-when-then';
import { initialInviteLinkState } from '../../invite-links/domain/invite-link.state';
import { TenantCommand, tenantDecider } from './tenant.decider';
import { initialTenantState } from './tenant.state';
import {
  canceledTenant,
  created,
  liveLink,
  linkDisabled,
  MSP,
  memberAdded,
  OTHER_SSO,
  roleCreated,
  SSO,
  ssoConfigured,
  stateOf,
  TENANT,
  tenantCreated,
} from './testing/tenant-stream.fixtures';

/*
 * The tenant's own part of the tenant decider: the tenant, its roles and members, SSO and
 * cancelation. The invite link's rules (R1–R10, R22), decided by the same decider on the same
 * stream, are specified beside their code in invite-links/domain.
 */
describe('tenant decider', () => {
  describe('tenant directory', () => {
    it('creates a tenant with its built-in roles (at least 3)', () => {
      const state = given(tenantDecider)
        .when({ type: 'CreateTenant', tenantId: TENANT, mspId: MSP, name: 'Acme' })
        .then([tenantCreated]);
      expect(state).toMatchObject({ exists: true, tenantId: TENANT, mspId: MSP, name: 'Acme', canceled: false, sso: null });
      expect(state.roles.length).toBeGreaterThanOrEqual(3);
      expect(state.roles.every((role) => role.builtIn)).toBe(true);
      expect(state.inviteLink).toEqual({
        enabled: false,
        defaultRoleId: null,
        allowedDomains: [],
        allowedMicrosoftTenantIds: [],
        requireEmailVerification: false,
        token: null,
        generation: 0,
      });
    });

    it('refuses to create the same tenant twice', () => {
      given(tenantDecider, tenantCreated)
        .when({ type: 'CreateTenant', tenantId: TENANT, mspId: MSP, name: 'Acme' })
        .thenThrows('conflict', 'tenant_exists');
    });

    it.each<[string, TenantCommand]>([
      ['CreateRole', { type: 'CreateRole', roleId: 'r1', name: 'Sales' }],
      ['ConfigureSso', { type: 'ConfigureSso', sso: SSO }],
      ['RemoveSso', { type: 'RemoveSso' }],
      ['CancelTenant', { type: 'CancelTenant' }],
      ['AddMember', { type: 'AddMember', userId: 'u1', roleId: 'member' }],
    ])('%s on a tenant that does not exist is 404 tenant_not_found', (_name, command) => {
      given(tenantDecider).when(command).thenThrows('not_found', 'tenant_not_found');
    });

    it('creates a custom role with a trimmed name', () => {
      const state = given(tenantDecider, tenantCreated)
        .when({ type: 'CreateRole', roleId: 'role-sales', name: '  Sales  ' })
        .then([roleCreated('role-sales', 'Sales')]);
      expect(state.roles).toContainEqual({ id: 'role-sales', name: 'Sales', builtIn: false });
    });

    describe('role names are unique per tenant, case-insensitively', () => {
      it('refuses a custom role named like a built-in role', () => {
        given(tenantDecider, tenantCreated)
          .when({ type: 'CreateRole', roleId: 'role-x', name: 'MEMBER' })
          .thenThrows('conflict', 'role_name_taken', 'MEMBER');
      });

      it('refuses a second custom role with the same name in another case and with spaces', () => {
        given(tenantDecider, tenantCreated, roleCreated('role-sales', 'Sales'))
          .when({ type: 'CreateRole', roleId: 'role-sales-2', name: '  sALES ' })
          .thenThrows('conflict', 'role_name_taken');
      });

      it('accepts a different name', () => {
        given(tenantDecider, tenantCreated, roleCreated('role-sales', 'Sales'))
          .when({ type: 'CreateRole', roleId: 'role-support', name: 'Support' })
          .then([roleCreated('role-support', 'Support')]);
      });

      it('is per tenant: another tenant may use the same name (each tenant is its own stream)', () => {
        given(tenantDecider, created('tenant-2'))
          .when({ type: 'CreateRole', roleId: 'role-sales', name: 'Sales' })
          .then([roleCreated('role-sales', 'Sales')]);
      });
    });

    describe('AddMember ("Add Users")', () => {
      it('adds a member with a built-in role', () => {
        const state = given(tenantDecider, tenantCreated)
          .when({ type: 'AddMember', userId: 'u1', roleId: 'technician' })
          .then([memberAdded('u1', 'technician')]);
        expect(state.memberCount).toBe(1);
      });

      it('adds a member with a custom role', () => {
        given(tenantDecider, tenantCreated, roleCreated('role-sales', 'Sales'))
          .when({ type: 'AddMember', userId: 'u1', roleId: 'role-sales' })
          .then([memberAdded('u1', 'role-sales')]);
      });

      it('refuses an unknown role with 422 naming roleId', () => {
        const error = given(tenantDecider, tenantCreated)
          .when({ type: 'AddMember', userId: 'u1', roleId: 'root' })
          .thenThrows('validation', 'unknown_role', 'roleId');
        expect(error.message).toContain('root');
        expect(error.details).toEqual({ field: 'roleId' });
      });
    });
  });

  describe('SSO configuration', () => {
    it('configuring the identical SSO twice is a no-op', () => {
      given(tenantDecider, ...liveLink, ssoConfigured(), linkDisabled('sso_configured'))
        .when({ type: 'ConfigureSso', sso: { ...SSO } })
        .then([]);
    });

    it('configuring a different SSO is recorded', () => {
      given(tenantDecider, ...liveLink, ssoConfigured(), linkDisabled('sso_configured'))
        .when({ type: 'ConfigureSso', sso: OTHER_SSO })
        .then([ssoConfigured(OTHER_SSO)]);
    });

    it('removing SSO when none is configured is a no-op', () => {
      given(tenantDecider, ...liveLink).when({ type: 'RemoveSso' }).then([]);
    });
  });

  describe("cancelation: a canceled tenant's settings never change again", () => {
    it.each<[string, TenantCommand]>([
      ['CreateRole', { type: 'CreateRole', roleId: 'r1', name: 'Sales' }],
      ['ConfigureSso', { type: 'ConfigureSso', sso: SSO }],
      ['RemoveSso', { type: 'RemoveSso' }],
      ['CancelTenant', { type: 'CancelTenant' }],
      ['AddMember', { type: 'AddMember', userId: 'u1', roleId: 'member' }],
    ])('%s afterwards is 409 tenant_canceled', (_name, command) => {
      given(tenantDecider, ...canceledTenant).when(command).thenThrows('conflict', 'tenant_canceled');
    });
  });

  describe('one decider of two parts', () => {
    it('keeps the state shape stored snapshots were made with (a new key would invalidate them all)', () => {
      const keyPaths = (value: object, prefix = ''): string[] =>
        Object.entries(value).flatMap(([key, inner]) =>
          inner !== null && typeof inner === 'object' && !Array.isArray(inner)
            ? keyPaths(inner, `${prefix}${key}.`)
            : [`${prefix}${key}`],
        );
      expect(keyPaths(initialTenantState).sort()).toEqual(
        [
          'canceled',
          'exists',
          'inviteLink.allowedDomains',
          'inviteLink.allowedMicrosoftTenantIds',
          'inviteLink.defaultRoleId',
          'inviteLink.enabled',
          'inviteLink.generation',
          'inviteLink.requireEmailVerification',
          'inviteLink.token',
          'memberCount',
          'mspId',
          'name',
          'roles',
          'sso',
          'tenantId',
        ].sort(),
      );
      expect(tenantDecider.initialState).toBe(initialTenantState);
      expect(initialTenantState.inviteLink).toBe(initialInviteLinkState);
      expect(tenantDecider.snapshot).toEqual({ version: '1' });
    });

    it("folds the tenant's events into its facts and leaves the link's slice as it is", () => {
      const before = stateOf(...liveLink);
      for (const event of [roleCreated('role-sales', 'Sales'), memberAdded('u1', 'member'), ssoConfigured()]) {
        expect(tenantDecider.evolve(before, event).inviteLink).toBe(before.inviteLink);
      }
    });

    it("folds the link's events into its slice and leaves the tenant's facts as they are", () => {
      const before = stateOf(tenantCreated, roleCreated('role-sales', 'Sales'), ssoConfigured());
      const after = tenantDecider.evolve(before, linkDisabled());
      const { inviteLink: _before, ...tenantFactsBefore } = before;
      const { inviteLink: _after, ...tenantFactsAfter } = after;
      expect(tenantFactsAfter).toEqual(tenantFactsBefore);
      expect(after.roles).toBe(before.roles);
    });
  });
});
