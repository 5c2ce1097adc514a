import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { ListUsersQueryDto } from './list-tenant-users.dto';
import { ListTenantUsersQuery } from './list-tenant-users.query';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('api/v1')
export class ListTenantUsersController {
  constructor(private readonly queries: QueryBus) {}

  @OperationId('AccountsController_listTenantUsers')
  @Get('tenants/:tenantId/users')
  listTenantUsers(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Query() query: ListUsersQueryDto) {
    return this.queries.execute(new ListTenantUsersQuery(caller, tenantId, query.limit ?? 50, query.cursor));
  }
}
