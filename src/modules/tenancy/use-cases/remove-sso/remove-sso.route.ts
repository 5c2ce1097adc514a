import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { RemoveSsoCommand } from './remove-sso.command';

@ApiTags('tenant directory')
@ApiBearerAuth()
@Controller('api/v1')
export class RemoveSsoController {
  constructor(private readonly commands: CommandBus) {}

  @OperationId('TenancyController_removeSso')
  @Delete('tenants/:tenantId/sso')
  @HttpCode(204)
  async removeSso(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string) {
    await this.commands.execute(new RemoveSsoCommand(caller, tenantId));
  }
}
