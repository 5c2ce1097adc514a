import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { ApiErrors, UNAUTHENTICATED } from '../../../../shared/http/api-responses';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { RemoveSsoCommand } from './remove-sso.command';

@ApiTags('tenant directory')
@ApiBearerAuth()
@Controller('api/v1')
export class RemoveSsoController {
  constructor(private readonly commands: CommandBus) {}

  @OperationId('TenancyController_removeSso')
  @ApiOperation({
    summary: 'Remove single sign-on',
    description:
      "MSP admin with a manage permission, or the operator. Removes the tenant's SSO settings, also when none were set; the invite link stays disabled until enabled again.",
  })
  @ApiNoContentResponse({ description: 'SSO is not configured (any more); no body.' })
  @ApiErrors({
    401: UNAUTHENTICATED,
    403: 'A tenant user (`msp_admin_only`) or an MSP admin without a manage permission (`missing_permission`).',
    404: '`tenant_not_found`: no such tenant, or a tenant of another MSP (the same answer).',
    409: '`tenant_canceled`: the tenant has been canceled; its settings can no longer be changed.',
  })
  @Delete('tenants/:tenantId/sso')
  @HttpCode(204)
  async removeSso(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string) {
    await this.commands.execute(new RemoveSsoCommand(caller, tenantId));
  }
}
