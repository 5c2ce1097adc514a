import { Injectable } from '@nestjs/common';
import { contextOf } from '../../../shared/application/command-context';
import { CommandResult, EventSourcedRepository } from '../../../shared/application/event-sourced-repository';
import { ReadYourWrites } from '../../../shared/application/read-your-writes';
import { Caller } from '../../../shared/application/request-context';
import { TenantAccess } from '../../accounts/auth/tenant-access.service';
import { TenantCommand, tenantDecider } from '../domain/tenant.decider';
import { TenantState } from '../domain/tenant.state';
import { TenantEvent, tenantStream } from '../domain/tenant.events';

/**
 * The common path of an admin's change to a tenant: check that the caller may manage it (R20),
 * decide and append on the tenant stream, and answer only once the read models show it.
 */
@Injectable()
export class TenantCommands {
  constructor(
    private readonly access: TenantAccess,
    private readonly repository: EventSourcedRepository,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async run(caller: Caller, tenantId: string, command: TenantCommand): Promise<CommandResult<TenantState, TenantEvent>> {
    await this.access.requireTenant(caller.principal, tenantId, 'manage');
    const result = await this.repository.decideAndAppend(tenantStream(tenantId), tenantDecider, command, contextOf(caller));
    await this.readYourWrites.after(result.position);
    return result;
  }
}
