import { initialInviteLinkState, InviteLinkState } from '../../invite-links/domain/invite-link.state';
import { Role } from './roles';

export interface SsoConfiguration {
  readonly protocol: 'saml';
  readonly entityId: string;
  readonly ssoUrl: string;
}

/**
 * Everything the tenant stream's decider knows: the tenant's own facts, folded by
 * tenant.part.ts, and the invite link's slice, folded by invite-links/domain.
 *
 * Snapshots of tenant streams are matched by this shape (its key paths) and by the decider's
 * snapshot version: adding, removing or renaming a key here, or in the link's slice, makes
 * stored snapshots unusable, and the streams are then folded from the start once.
 */
export interface TenantState {
  readonly exists: boolean;
  readonly tenantId: string;
  readonly mspId: string;
  readonly name: string;
  readonly canceled: boolean;
  readonly roles: readonly Role[];
  readonly sso: SsoConfiguration | null;
  readonly memberCount: number;
  readonly inviteLink: InviteLinkState;
}

export const initialTenantState: TenantState = {
  exists: false,
  tenantId: '',
  mspId: '',
  name: '',
  canceled: false,
  roles: [],
  sso: null,
  memberCount: 0,
  inviteLink: initialInviteLinkState,
};

export function findRole(state: TenantState, roleId: string): Role | undefined {
  return state.roles.find((role) => role.id === roleId);
}
