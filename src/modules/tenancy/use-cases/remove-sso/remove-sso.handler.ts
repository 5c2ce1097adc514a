import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TenantCommands } from '../../application/tenant-commands.service';
import { RemoveSsoCommand } from './remove-sso.command';

@CommandHandler(RemoveSsoCommand)
export class RemoveSsoHandler implements ICommandHandler<RemoveSsoCommand> {
  constructor(private readonly tenants: TenantCommands) {}

  async execute({ caller, tenantId }: RemoveSsoCommand) {
    await this.tenants.run(caller, tenantId, { type: 'RemoveSso' });
  }
}
