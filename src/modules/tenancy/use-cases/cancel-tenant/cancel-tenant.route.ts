import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { ApiErrors, UNAUTHENTICATED } from '../../../../shared/http/api-responses';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { CancelTenantCommand } from './cancel-tenant.command';
import { CancelTenantResponse } from './cancel-tenant.response';

@ApiTags('tenant directory')
@ApiBearerAuth()
@Controller('api/v1')
export class CancelTenantController {
  constructor(private readonly commands: CommandBus) {}

  @OperationId('TenancyController_cancel')
  @ApiOperation({
    summary: 'Cancel a tenant',
    description:
      "MSP admin with a manage permission, or the operator. Disables the invite link and frees the tenant's allowed domains; afterwards every change of the tenant is refused and reads keep working.",
  })
  @ApiOkResponse({ type: CancelTenantResponse, description: 'The tenant is canceled.' })
  @ApiErrors({
    401: UNAUTHENTICATED,
    403: 'A tenant user (`msp_admin_only`) or an MSP admin without a manage permission (`missing_permission`).',
    404: '`tenant_not_found`: no such tenant, or a tenant of another MSP (the same answer).',
    409: '`tenant_canceled`: the tenant has been canceled; its settings can no longer be changed. (also for a second cancelation)',
  })
  @Post('tenants/:tenantId/cancel')
  @HttpCode(200)
  cancel(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string) {
    return this.commands.execute(new CancelTenantCommand(caller, tenantId));
  }
}
