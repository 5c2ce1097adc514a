import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { ApiErrors, UNAUTHENTICATED } from '../../../../shared/http/api-responses';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { RevokeAndGenerateInviteLinkCommand } from './revoke-and-generate-invite-link.command';
import { InviteLinkResponse } from '../get-invite-link/get-invite-link.response';

@ApiTags('invite links')
@ApiBearerAuth()
@Controller('api/v1/tenants/:tenantId/invite-link')
export class RevokeAndGenerateInviteLinkController {
  constructor(private readonly commands: CommandBus) {}

  // The path and operationId keep "regenerate", the name the API was published with.
  @OperationId('InviteLinkAdminController_regenerate')
  @ApiOperation({
    summary: "Regenerate a tenant's invite link",
    description:
      'MSP admin with a manage permission, or the operator. Issues a new token: the old link stops working at once and for good; whether the link is enabled does not change.',
  })
  @ApiOkResponse({ type: InviteLinkResponse, description: 'The link\'s settings with the new token (a new `url` when enabled).' })
  @ApiErrors({
    401: UNAUTHENTICATED,
    403: 'A tenant user (`msp_admin_only`) or an MSP admin without a manage permission (`missing_permission`).',
    404: '`tenant_not_found`: no such tenant, or a tenant of another MSP (the same answer).',
    409: '`tenant_canceled`: the tenant has been canceled; its settings can no longer be changed.',
  })
  @Post('regenerate')
  @HttpCode(200)
  revokeAndGenerate(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string) {
    return this.commands.execute(new RevokeAndGenerateInviteLinkCommand(caller, tenantId));
  }
}
