import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { ConfigureSsoCommand } from './configure-sso.command';
import { ConfigureSsoDto } from './configure-sso.dto';

@ApiTags('tenant directory')
@ApiBearerAuth()
@Controller('api/v1')
export class ConfigureSsoController {
  constructor(private readonly commands: CommandBus) {}

  @OperationId('TenancyController_configureSso')
  @Put('tenants/:tenantId/sso')
  configureSso(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Body() body: ConfigureSsoDto) {
    return this.commands.execute(
      new ConfigureSsoCommand(caller, tenantId, { protocol: body.protocol, entityId: body.entityId.trim(), ssoUrl: body.ssoUrl }),
    );
  }
}
