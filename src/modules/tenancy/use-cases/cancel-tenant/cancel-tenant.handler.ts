import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { contextOf } from '../../../../shared/application/command-context';
import { SiblingDomainClaims } from '../../application/sibling-domain-claims.service';
import { TenantCommands } from '../../application/tenant-commands.service';
import { CancelTenantCommand } from './cancel-tenant.command';

@CommandHandler(CancelTenantCommand)
export class CancelTenantHandler implements ICommandHandler<CancelTenantCommand> {
  constructor(
    private readonly tenants: TenantCommands,
    private readonly claims: SiblingDomainClaims,
  ) {}

  async execute({ caller, tenantId }: CancelTenantCommand) {
    const { state } = await this.tenants.run(caller, tenantId, { type: 'CancelTenant' });
    // A canceled tenant's link is dead forever (R10): its domains become free for siblings.
    await this.claims.releaseStale(tenantId, contextOf(caller));
    return { id: tenantId, name: state.name, status: 'canceled' as const };
  }
}
