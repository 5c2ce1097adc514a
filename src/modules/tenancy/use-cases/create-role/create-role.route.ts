import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { CreateRoleCommand } from './create-role.command';
import { CreateRoleDto } from './create-role.dto';

@ApiTags('tenant directory')
@ApiBearerAuth()
@Controller('api/v1')
export class CreateRoleController {
  constructor(private readonly commands: CommandBus) {}

  @OperationId('TenancyController_createRole')
  @Post('tenants/:tenantId/roles')
  createRole(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Body() body: CreateRoleDto) {
    return this.commands.execute(new CreateRoleCommand(caller, tenantId, body.name));
  }
}
