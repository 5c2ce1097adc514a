import { QueryBus } from '@nestjs/cqrs';
import { canManageTenants } from '../../shared/domain/msp-permissions';
import { Principal } from '../../shared/domain/principal';
import { GetMeQuery } from '../../modules/accounts/use-cases/get-me/get-me.query';

/**
 * The MSP of a signed-in MSP admin, or null for everyone else: tenant users, and the operator
 * (whose token has no account, so GetMeQuery refuses it, and who has no pages). Every admin page
 * answers null with the plain "not allowed" page; which tenants belong to the MSP is the API's
 * to say (R20).
 */
export async function mspOfAdmin(queries: QueryBus, principal: Principal): Promise<string | null> {
  return (await adminAccessOf(queries, principal))?.mspId ?? null;
}

/**
 * The same, with whether the admin may change things (a manage permission) or only read them
 * (`view_audit_log` alone): the pages then offer no action the API would refuse.
 */
export async function adminAccessOf(queries: QueryBus, principal: Principal): Promise<{ mspId: string; canManage: boolean } | null> {
  if (principal.kind !== 'user') return null;
  const me = await queries.execute(new GetMeQuery(principal));
  return me.msp ? { mspId: me.msp.mspId, canManage: canManageTenants(me.msp.permissions) } : null;
}
