import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { ApiErrors, UNAUTHENTICATED } from '../../../../shared/http/api-responses';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { ConfigureSsoCommand } from './configure-sso.command';
import { ConfigureSsoDto } from './configure-sso.dto';
import { ConfigureSsoResponse } from './configure-sso.response';

@ApiTags('tenant directory')
@ApiBearerAuth()
@Controller('api/v1')
export class ConfigureSsoController {
  constructor(private readonly commands: CommandBus) {}

  @OperationId('TenancyController_configureSso')
  @ApiOperation({
    summary: 'Configure SAML single sign-on',
    description:
      "MSP admin with a manage permission, or the operator. Sets the tenant's SSO settings; an enabled invite link is disabled in the same change, and stays unavailable while SSO is configured.",
  })
  @ApiOkResponse({ type: ConfigureSsoResponse, description: 'The SSO settings now in force.' })
  @ApiErrors({
    400: '`invalid_request`: the body is malformed or not JSON, or a field is missing, of the wrong type or unknown; `fields` names them. `entityId` must be an absolute URI, `ssoUrl` an https URL.',
    401: UNAUTHENTICATED,
    403: 'A tenant user (`msp_admin_only`) or an MSP admin without a manage permission (`missing_permission`).',
    404: '`tenant_not_found`: no such tenant, or a tenant of another MSP (the same answer).',
    409: '`tenant_canceled`: the tenant has been canceled; its settings can no longer be changed.',
  })
  @Put('tenants/:tenantId/sso')
  configureSso(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Body() body: ConfigureSsoDto) {
    return this.commands.execute(
      new ConfigureSsoCommand(caller, tenantId, { protocol: body.protocol, entityId: body.entityId.trim(), ssoUrl: body.ssoUrl }),
    );
  }
}
