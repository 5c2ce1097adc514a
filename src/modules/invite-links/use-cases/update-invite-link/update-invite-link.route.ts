import { BadRequestException, Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { ApiErrors, UNAUTHENTICATED } from '../../../../shared/http/api-responses';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { UpdateInviteLinkCommand } from './update-invite-link.command';
import { UpdateInviteLinkDto } from './update-invite-link.dto';
import { InviteLinkResponse } from '../get-invite-link/get-invite-link.response';

@ApiTags('invite links')
@ApiBearerAuth()
@Controller('api/v1/tenants/:tenantId/invite-link')
export class UpdateInviteLinkController {
  constructor(private readonly commands: CommandBus) {}

  @OperationId('InviteLinkAdminController_update')
  @ApiOperation({
    summary: "Change a tenant's invite link",
    description:
      'MSP admin with a manage permission, or the operator. Enables or disables the link and sets its default role, allowed email domains, allowed Microsoft organizations and whether password signups must verify their email address; give at least one field. A request that changes nothing records nothing.',
  })
  @ApiOkResponse({ type: InviteLinkResponse, description: 'The link\'s settings after the change.' })
  @ApiErrors({
    400: '`invalid_request`: the body is malformed or not JSON, or a field is missing, of the wrong type or unknown; `fields` names them. Also when no field is given.',
    401: UNAUTHENTICATED,
    403: 'A tenant user (`msp_admin_only`) or an MSP admin without a manage permission (`missing_permission`).',
    404: '`tenant_not_found`: no such tenant, or a tenant of another MSP (the same answer).',
    409: '`tenant_canceled`: the tenant has been canceled; its settings can no longer be changed. `sso_configured`: the tenant uses SSO, so the link cannot be enabled. `domain_taken_by_sibling` (`field`, `domains`): another tenant of the MSP allows a domain. `concurrent_update`: try again.',
    422: '`unknown_role`, `default_role_required`, `invalid_domains` or `invalid_microsoft_tenant_ids` (`field`, `invalid`), `too_many_domains`, `too_many_microsoft_tenant_ids`, `mail_not_configured` (`field`: turning `requireEmailVerification` on while the service has no SMTP_URL).',
  })
  @Put()
  update(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Body() body: UpdateInviteLinkDto) {
    const { enabled, defaultRoleId, allowedDomains, allowedMicrosoftTenantIds, requireEmailVerification } = body;
    const changes = { enabled, defaultRoleId, allowedDomains, allowedMicrosoftTenantIds, requireEmailVerification };
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
