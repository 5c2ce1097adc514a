/** MSP permissions (help article, "Security controls"). */
export const MANAGE_PERMISSIONS = ['manage_user_roles', 'manage_own_entity_users', 'manage_tenant_user_roles'] as const;
export const READ_ONLY_PERMISSIONS = ['view_audit_log'] as const;
export const MSP_PERMISSIONS = [...MANAGE_PERMISSIONS, ...READ_ONLY_PERMISSIONS] as const;
export type MspPermission = (typeof MSP_PERMISSIONS)[number];

/** Any one of the manage permissions allows managing invite links of every tenant of the MSP. */
export const canManageTenants = (permissions: readonly string[]) =>
  permissions.some((permission) => (MANAGE_PERMISSIONS as readonly string[]).includes(permission));

/** Reading settings, history and members needs any MSP permission, `view_audit_log` included. */
export const canReadTenants = (permissions: readonly string[]) =>
  permissions.some((permission) => (MSP_PERMISSIONS as readonly string[]).includes(permission));
