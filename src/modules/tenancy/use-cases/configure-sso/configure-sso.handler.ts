import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TenantCommands } from '../../application/tenant-commands.service';
import { ConfigureSsoCommand } from './configure-sso.command';

/** Shown by the invite link read model: SSO makes the link unavailable (and disables it, R9). */
@CommandHandler(ConfigureSsoCommand)
export class ConfigureSsoHandler implements ICommandHandler<ConfigureSsoCommand> {
  constructor(private readonly tenants: TenantCommands) {}

  async execute({ caller, tenantId, sso }: ConfigureSsoCommand) {
    const { state } = await this.tenants.run(caller, tenantId, { type: 'ConfigureSso', sso });
    return { tenantId, sso: state.sso! };
  }
}
