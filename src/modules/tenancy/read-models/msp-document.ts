/*
 * The msps collection's name and document, apart from its read model: the tenants read model
 * reads MSP names from it while the msps read model reads tenants, and neither file may import
 * the other (no cycles).
 */

export const MSPS_COLLECTION = 'msps';

/**
 * One MSP (id = mspId), for dashboards. `tenantCount` counts every tenant the MSP ever created,
 * canceled ones included (a tenant is never deleted); the two other counts split it by status,
 * so that "how many tenants does it serve" and "how many did it ever have" both need no join.
 */
export type MspDocument = {
  mspId: string;
  name: string;
  tenantCount: number;
  activeTenantCount: number;
  canceledTenantCount: number;
  /** ISO-8601, MspCreated's metadata.at. */
  createdAt: string;
};
