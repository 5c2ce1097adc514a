import { Injectable } from '@nestjs/common';
import { CommandContext } from '../../../shared/application/command-context';
import { EventSourcedRepository } from '../../../shared/application/event-sourced-repository';
import { siblingDomainsDecider, siblingDomainsStream } from '../../invite-links/domain/sibling-domains.decider';
import { tenantDecider } from '../domain/tenant.decider';
import { tenantStream } from '../domain/tenant.events';

/**
 * Drives the R4 claim protocol described in sibling-domains.decider.ts: claim before the
 * tenant append, release stale claims after it.
 */
@Injectable()
export class SiblingDomainClaims {
  constructor(private readonly repository: EventSourcedRepository) {}

  /** Throws a 409 naming the domains another tenant of the MSP already holds. */
  async claim(
    mspId: string,
    tenantId: string,
    domains: readonly string[],
    tenantRevision: number,
    context: CommandContext,
  ): Promise<void> {
    if (domains.length === 0) return;
    await this.repository.decideAndAppend(
      siblingDomainsStream(mspId),
      siblingDomainsDecider,
      { type: 'ClaimDomains', tenantId, domains, tenantRevision },
      context,
    );
  }

  /** Releases the tenant's claims that its current allowed domains no longer need. Always safe to run. */
  async releaseStale(tenantId: string, context: CommandContext): Promise<void> {
    const tenant = await this.repository.load(tenantStream(tenantId), tenantDecider);
    if (!tenant.state.exists) return;
    await this.repository.decideAndAppend(
      siblingDomainsStream(tenant.state.mspId),
      siblingDomainsDecider,
      {
        type: 'ReleaseStaleClaims',
        tenantId,
        allowedDomains: tenant.state.canceled ? [] : tenant.state.inviteLink.allowedDomains,
        tenantRevision: tenant.revision,
      },
      context,
    );
  }
}
