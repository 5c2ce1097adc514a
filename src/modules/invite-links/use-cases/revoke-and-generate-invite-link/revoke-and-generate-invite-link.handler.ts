import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TenantCommands } from '../../../tenancy/application/tenant-commands.service';
import { InviteLinkViews } from '../../application/invite-link.view';
import { InviteTokenService } from '../../application/invite-token.service';
import { RevokeAndGenerateInviteLinkCommand } from './revoke-and-generate-invite-link.command';

@CommandHandler(RevokeAndGenerateInviteLinkCommand)
export class RevokeAndGenerateInviteLinkHandler implements ICommandHandler<RevokeAndGenerateInviteLinkCommand> {
  constructor(
    private readonly tenants: TenantCommands,
    private readonly tokens: InviteTokenService,
    private readonly views: InviteLinkViews,
  ) {}

  async execute({ caller, tenantId }: RevokeAndGenerateInviteLinkCommand) {
    const { state } = await this.tenants.run(caller, tenantId, {
      type: 'RevokeAndGenerateInviteLink',
      newToken: this.tokens.issue().stored,
    });
    return this.views.of(state);
  }
}
