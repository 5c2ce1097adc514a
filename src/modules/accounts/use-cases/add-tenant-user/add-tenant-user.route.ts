import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { AddTenantUserCommand } from './add-tenant-user.command';
import { AddTenantUserDto } from './add-tenant-user.dto';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('api/v1')
export class AddTenantUserController {
  constructor(private readonly commands: CommandBus) {}

  @OperationId('AccountsController_addTenantUser')
  @Post('tenants/:tenantId/users')
  addTenantUser(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Body() body: AddTenantUserDto) {
    const { roleId, ...account } = body;
    return this.commands.execute(new AddTenantUserCommand(caller, tenantId, account, roleId));
  }
}
