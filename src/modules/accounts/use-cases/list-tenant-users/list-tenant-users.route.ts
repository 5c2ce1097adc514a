import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { ApiErrors, UNAUTHENTICATED } from '../../../../shared/http/api-responses';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { ListUsersQueryDto } from './list-tenant-users.dto';
import { ListTenantUsersQuery } from './list-tenant-users.query';
import { TenantUsersPageResponse } from './list-tenant-users.response';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('api/v1')
export class ListTenantUsersController {
  constructor(private readonly queries: QueryBus) {}

  @OperationId('AccountsController_listTenantUsers')
  @ApiOperation({
    summary: 'List the users of a tenant',
    description:
      "MSP admin of the tenant's MSP (any permission) or the operator. One page of the tenant's members, newest first; follow `nextCursor` for the next page.",
  })
  @ApiOkResponse({ type: TenantUsersPageResponse, description: 'One page of members.' })
  @ApiErrors({
    400: '`invalid_request`: `limit` is not an integer from 1 to 100, `cursor` is too long, or an unknown parameter; `fields` names it.',
    401: UNAUTHENTICATED,
    403: 'A tenant user (`msp_admin_only`), also for tenants that do not exist.',
    404: '`tenant_not_found`: no such tenant, or a tenant of another MSP (the same answer).',
    422: '`invalid_cursor`: the cursor was not issued by the service.',
  })
  @Get('tenants/:tenantId/users')
  listTenantUsers(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Query() query: ListUsersQueryDto) {
    return this.queries.execute(new ListTenantUsersQuery(caller, tenantId, query.limit ?? 50, query.cursor));
  }
}
