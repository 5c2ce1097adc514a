export interface Role {
  readonly id: string;
  readonly name: string;
  readonly builtIn: boolean;
}

/** Every tenant starts with these roles; their ids are stable across tenants. */
export const BUILT_IN_ROLES: readonly Role[] = [
  { id: 'tenant_admin', name: 'Tenant Administrator', builtIn: true },
  { id: 'technician', name: 'Technician', builtIn: true },
  { id: 'member', name: 'Member', builtIn: true },
  { id: 'read_only', name: 'Read-only', builtIn: true },
];
