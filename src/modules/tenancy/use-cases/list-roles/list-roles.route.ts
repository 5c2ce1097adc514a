import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { ListRolesQuery } from './list-roles.query';

@ApiTags('tenant directory')
@ApiBearerAuth()
@Controller('api/v1')
export class ListRolesController {
  constructor(private readonly queries: QueryBus) {}

  @OperationId('TenancyController_listRoles')
  @Get('tenants/:tenantId/roles')
  listRoles(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string) {
    return this.queries.execute(new ListRolesQuery(caller, tenantId));
  }
}
