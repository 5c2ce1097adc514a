import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { ApiErrors, UNAUTHENTICATED } from '../../../../shared/http/api-responses';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { AddTenantUserCommand } from './add-tenant-user.command';
import { AddTenantUserDto } from './add-tenant-user.dto';
import { AddTenantUserResponse } from './add-tenant-user.response';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('api/v1')
export class AddTenantUserController {
  constructor(private readonly commands: CommandBus) {}

  @OperationId('AccountsController_addTenantUser')
  @ApiOperation({
    summary: 'Add a user to a tenant',
    description:
      'MSP admin with a manage permission, or the operator ("Add Users"). Creates an account with a password and makes it a member of the tenant with the given role.',
  })
  @ApiCreatedResponse({ type: AddTenantUserResponse, description: 'The account was created and joined the tenant.' })
  @ApiErrors({
    400: '`invalid_request`: the body is malformed or not JSON, or a field is missing, of the wrong type or unknown; `fields` names them.',
    401: UNAUTHENTICATED,
    403: 'A tenant user (`msp_admin_only`) or an MSP admin without a manage permission (`missing_permission`).',
    404: '`tenant_not_found`: no such tenant, or a tenant of another MSP (the same answer).',
    409: '`tenant_canceled`: the tenant has been canceled; its settings can no longer be changed. `user_already_registered`: an account has this email.',
    422: '`unknown_role` (`field`), `invalid_email` (`field`) or `weak_password` (`field`, `problems`), the first in that order; `errors` lists every field\'s problem, `User already registered` for `email` included when the email is well-formed and an account has it.',
  })
  @Post('tenants/:tenantId/users')
  addTenantUser(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Body() body: AddTenantUserDto) {
    const { roleId, ...account } = body;
    return this.commands.execute(new AddTenantUserCommand(caller, tenantId, account, roleId));
  }
}
