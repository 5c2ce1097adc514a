import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { CreateTenantCommand } from './create-tenant.command';
import { CreateTenantDto } from './create-tenant.dto';

@ApiTags('tenant directory')
@ApiBearerAuth()
@Controller('api/v1')
export class CreateTenantController {
  constructor(private readonly commands: CommandBus) {}

  @OperationId('TenancyController_createTenant')
  @Post('msps/:mspId/tenants')
  createTenant(@CallerOf() caller: Caller, @Param('mspId') mspId: string, @Body() body: CreateTenantDto) {
    return this.commands.execute(new CreateTenantCommand(caller, mspId, body.name));
  }
}
