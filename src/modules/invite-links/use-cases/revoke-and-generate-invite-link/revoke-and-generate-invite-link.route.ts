import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { RevokeAndGenerateInviteLinkCommand } from './revoke-and-generate-invite-link.command';

@ApiTags('invite links')
@ApiBearerAuth()
@Controller('api/v1/tenants/:tenantId/invite-link')
export class RevokeAndGenerateInviteLinkController {
  constructor(private readonly commands: CommandBus) {}

  // The path and operationId keep "regenerate", the name the API was published with.
  @OperationId('InviteLinkAdminController_regenerate')
  @Post('regenerate')
  @HttpCode(200)
  revokeAndGenerate(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string) {
    return this.commands.execute(new RevokeAndGenerateInviteLinkCommand(caller, tenantId));
  }
}
