import { canManageTenants, canReadTenants, MANAGE_PERMISSIONS, MSP_PERMISSIONS } from './msp-permissions';

describe('MSP permissions', () => {
  it.each(MANAGE_PERMISSIONS)('%s alone allows managing and reading tenants', (permission) => {
    expect(canManageTenants([permission])).toBe(true);
    expect(canReadTenants([permission])).toBe(true);
  });

  it('view_audit_log alone allows reading but changes nothing', () => {
    expect(canReadTenants(['view_audit_log'])).toBe(true);
    expect(canManageTenants(['view_audit_log'])).toBe(false);
  });

  it('any one manage permission among others is enough', () => {
    expect(canManageTenants(['view_audit_log', 'manage_tenant_user_roles'])).toBe(true);
  });

  it.each<[string, string[]]>([
    ['no permission', []],
    ['an unknown permission', ['superuser']],
    ['a differently cased permission', ['MANAGE_USER_ROLES']],
  ])('%s allows nothing', (_name, permissions) => {
    expect(canManageTenants(permissions)).toBe(false);
    expect(canReadTenants(permissions)).toBe(false);
  });

  it('knows exactly the four permissions of the help article', () => {
    expect([...MSP_PERMISSIONS].sort()).toEqual(
      ['manage_own_entity_users', 'manage_tenant_user_roles', 'manage_user_roles', 'view_audit_log'].sort(),
    );
  });
});
