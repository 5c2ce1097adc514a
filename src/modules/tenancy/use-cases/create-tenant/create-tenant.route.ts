import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { ApiErrors, UNAUTHENTICATED } from '../../../../shared/http/api-responses';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { CreateTenantCommand } from './create-tenant.command';
import { CreateTenantDto } from './create-tenant.dto';
import { CreateTenantResponse } from './create-tenant.response';

@ApiTags('tenant directory')
@ApiBearerAuth()
@Controller('api/v1')
export class CreateTenantController {
  constructor(private readonly commands: CommandBus) {}

  @OperationId('TenancyController_createTenant')
  @ApiOperation({
    summary: 'Create a tenant of an MSP',
    description:
      'MSP admin of that MSP with a manage permission, or the operator. The tenant starts with the built-in roles and a disabled invite link without a role.',
  })
  @ApiCreatedResponse({ type: CreateTenantResponse, description: 'The tenant was created.' })
  @ApiErrors({
    400: '`invalid_request`: the body is malformed or not JSON, or a field is missing, of the wrong type or unknown; `fields` names them.',
    401: UNAUTHENTICATED,
    403: 'A tenant user (`msp_admin_only`) or an MSP admin without a manage permission (`missing_permission`).',
    404: "`msp_not_found`: no such MSP, or another MSP than the caller's (the same answer).",
  })
  @Post('msps/:mspId/tenants')
  createTenant(@CallerOf() caller: Caller, @Param('mspId') mspId: string, @Body() body: CreateTenantDto) {
    return this.commands.execute(new CreateTenantCommand(caller, mspId, body.name));
  }
}
