import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { CancelTenantCommand } from './cancel-tenant.command';

@ApiTags('tenant directory')
@ApiBearerAuth()
@Controller('api/v1')
export class CancelTenantController {
  constructor(private readonly commands: CommandBus) {}

  @OperationId('TenancyController_cancel')
  @Post('tenants/:tenantId/cancel')
  @HttpCode(200)
  cancel(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string) {
    return this.commands.execute(new CancelTenantCommand(caller, tenantId));
  }
}
