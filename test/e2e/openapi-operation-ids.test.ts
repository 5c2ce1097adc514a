import { useTestApp } from '../support/fixtures';

/**
 * Generated clients name their methods after the operationIds, and Nest derives them from the
 * controller's class name. Each use case now has a controller of its own, so a route keeps its
 * published id only through @OperationId: this table is the document as published before that
 * split, and a route added since must be added here on purpose.
 */
const PUBLISHED: [route: string, operationId: string][] = [
  ['POST /api/v1/msps/{mspId}/admins', 'AccountsController_createMspAdmin'],
  ['POST /api/v1/tenants/{tenantId}/users', 'AccountsController_addTenantUser'],
  ['GET /api/v1/tenants/{tenantId}/users', 'AccountsController_listTenantUsers'],
  ['POST /api/v1/auth/sign-in', 'AccountsController_signIn'],
  ['GET /api/v1/me', 'AccountsController_me'],
  ['POST /api/v1/msps', 'TenancyController_createMsp'],
  ['POST /api/v1/msps/{mspId}/tenants', 'TenancyController_createTenant'],
  ['GET /api/v1/msps/{mspId}/tenants', 'TenancyController_listTenants'],
  ['GET /api/v1/tenants/{tenantId}/roles', 'TenancyController_listRoles'],
  ['POST /api/v1/tenants/{tenantId}/roles', 'TenancyController_createRole'],
  ['PUT /api/v1/tenants/{tenantId}/sso', 'TenancyController_configureSso'],
  ['DELETE /api/v1/tenants/{tenantId}/sso', 'TenancyController_removeSso'],
  ['POST /api/v1/tenants/{tenantId}/cancel', 'TenancyController_cancel'],
  ['GET /api/v1/tenants/{tenantId}/invite-link', 'InviteLinkAdminController_get'],
  ['PUT /api/v1/tenants/{tenantId}/invite-link', 'InviteLinkAdminController_update'],
  ['POST /api/v1/tenants/{tenantId}/invite-link/regenerate', 'InviteLinkAdminController_regenerate'],
  ['GET /api/v1/tenants/{tenantId}/invite-link/history', 'InviteLinkAdminController_history'],
  ['GET /api/v1/invite-links/{token}', 'PublicInviteLinkController_resolve'],
  ['POST /api/v1/invite-links/{token}/signups', 'SignUpController_signUp'],
  ['GET /health/live', 'HealthController_live'],
  ['GET /health', 'HealthController_ready[0]'],
  ['GET /health/ready', 'HealthController_ready[1]'],
  ['GET /metrics', 'MetricsController_scrape'],
  // Added with the MSP audit feed (issue 13).
  ['GET /api/v1/msps/{mspId}/audit-events', 'AuditController_listMspAuditEvents'],
  // Added with the dashboards (issue 14), named as the other invite link administration routes.
  ['GET /api/v1/tenants/{tenantId}/invite-link/stats', 'InviteLinkAdminController_stats'],
  // Added with email verification (issue 17).
  ['POST /api/v1/email-verifications/confirm', 'EmailVerificationsController_confirm'],
  ['POST /api/v1/email-verifications/resend', 'EmailVerificationsController_resend'],
];

describe('OpenAPI operationIds', () => {
  const t = useTestApp();
  let paths: Record<string, Record<string, { operationId?: string; summary?: string; description?: string }>>;

  beforeAll(async () => {
    const response = await t.anonymous().get('/api/docs-json');
    expect(response.status).toBe(200);
    paths = response.body.paths;
  });

  it('keeps the id every route was published with, and no operation goes without one', () => {
    const served = Object.entries(paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => [`${method.toUpperCase()} ${path}`, operation.operationId]),
    );
    expect(Object.fromEntries(served)).toEqual(Object.fromEntries(PUBLISHED));
  });

  it('gives every operation a summary and a description a client developer can read (none left empty)', () => {
    const undescribed = Object.entries(paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => !operation.summary?.trim() || !operation.description?.trim())
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(undescribed).toEqual([]);
  });
});
