import { Inject, Injectable } from '@nestjs/common';
import { EventSourcedRepository } from '../../../shared/application/event-sourced-repository';
import { READ_MODELS, ReadModels } from '../../../shared/application/read-models.port';
import { acceptsToken } from '../domain/invite-link.availability';
import { tenantDecider } from '../../tenancy/domain/tenant.decider';
import { TenantState } from '../../tenancy/domain/tenant.state';
import { tenantStream } from '../../tenancy/domain/tenant.events';
import { InviteTokenService } from './invite-token.service';

/**
 * Looked up when a token matches no tenant, so that an unknown token costs the same look-ups as
 * a known but disabled one (R16: nothing distinguishes the cases, not even the time taken).
 */
const NO_TENANT = '00000000-0000-4000-8000-000000000000';

export interface AcceptedLink {
  readonly tenantId: string;
  readonly tokenHash: string;
  readonly state: TenantState;
}

/**
 * Finds the tenant whose current link accepts a token: the read model names the tenant by the
 * token's keyed hash, the tenant stream (never stale) decides. Null for every invalid case.
 */
@Injectable()
export class InviteLinkLookup {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly tokens: InviteTokenService,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  async find(token: string): Promise<AcceptedLink | null> {
    const tokenHash = this.tokens.hash(token);
    const tenantId = await this.readModels.tenantIdByTokenHash(tokenHash);
    const { state } = await this.repository.load(tenantStream(tenantId ?? NO_TENANT), tenantDecider);
    return tenantId !== null && acceptsToken(state, tokenHash) ? { tenantId, tokenHash, state } : null;
  }
}
