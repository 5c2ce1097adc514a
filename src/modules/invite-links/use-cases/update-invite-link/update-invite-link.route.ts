import { BadRequestException, Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { UpdateInviteLinkCommand } from './update-invite-link.command';
import { UpdateInviteLinkDto } from './update-invite-link.dto';

@ApiTags('invite links')
@ApiBearerAuth()
@Controller('api/v1/tenants/:tenantId/invite-link')
export class UpdateInviteLinkController {
  constructor(private readonly commands: CommandBus) {}

  @OperationId('InviteLinkAdminController_update')
  @Put()
  update(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Body() body: UpdateInviteLinkDto) {
    const { enabled, defaultRoleId, allowedDomains, allowedMicrosoftTenantIds } = body;
    const changes = { enabled, defaultRoleId, allowedDomains, allowedMicrosoftTenantIds };
    if (Object.values(changes).every((value) => value === undefined)) {
      const fields = Object.keys(changes);
      throw new BadRequestException({
        statusCode: 400,
        message: [`Provide at least one of ${fields.join(', ')}`],
        error: 'Bad Request',
        code: 'invalid_request',
        fields,
      });
    }
    return this.commands.execute(new UpdateInviteLinkCommand(caller, tenantId, changes));
  }
}
