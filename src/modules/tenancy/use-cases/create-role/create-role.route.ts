import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { ApiErrors, UNAUTHENTICATED } from '../../../../shared/http/api-responses';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { CreateRoleCommand } from './create-role.command';
import { CreateRoleDto } from './create-role.dto';
import { CreateRoleResponse } from './create-role.response';

@ApiTags('tenant directory')
@ApiBearerAuth()
@Controller('api/v1')
export class CreateRoleController {
  constructor(private readonly commands: CommandBus) {}

  @OperationId('TenancyController_createRole')
  @ApiOperation({
    summary: 'Create a custom role',
    description:
      "MSP admin with a manage permission, or the operator. Adds a role to the tenant; its id can then be used as `roleId` or as the link's `defaultRoleId`.",
  })
  @ApiCreatedResponse({ type: CreateRoleResponse, description: 'The role was created.' })
  @ApiErrors({
    400: '`invalid_request`: the body is malformed or not JSON, or a field is missing, of the wrong type or unknown; `fields` names them.',
    401: UNAUTHENTICATED,
    403: 'A tenant user (`msp_admin_only`) or an MSP admin without a manage permission (`missing_permission`).',
    404: '`tenant_not_found`: no such tenant, or a tenant of another MSP (the same answer).',
    409: '`tenant_canceled`: the tenant has been canceled; its settings can no longer be changed. `role_name_taken`: a role of the tenant (built-in included) has this name, in any letter case.',
  })
  @Post('tenants/:tenantId/roles')
  createRole(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Body() body: CreateRoleDto) {
    return this.commands.execute(new CreateRoleCommand(caller, tenantId, body.name));
  }
}
