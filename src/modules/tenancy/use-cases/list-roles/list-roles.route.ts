import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { ApiErrors, UNAUTHENTICATED } from '../../../../shared/http/api-responses';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { ListRolesQuery } from './list-roles.query';
import { RoleListResponse } from './list-roles.response';

@ApiTags('tenant directory')
@ApiBearerAuth()
@Controller('api/v1')
export class ListRolesController {
  constructor(private readonly queries: QueryBus) {}

  @OperationId('TenancyController_listRoles')
  @ApiOperation({
    summary: 'List the roles of a tenant',
    description:
      "MSP admin of the tenant's MSP (any permission) or the operator. The roles a member or the invite link can be given.",
  })
  @ApiOkResponse({ type: RoleListResponse, description: 'The tenant\'s roles.' })
  @ApiErrors({
    401: UNAUTHENTICATED,
    403: 'A tenant user (`msp_admin_only`), also for tenants that do not exist.',
    404: '`tenant_not_found`: no such tenant, or a tenant of another MSP (the same answer).',
  })
  @Get('tenants/:tenantId/roles')
  listRoles(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string) {
    return this.queries.execute(new ListRolesQuery(caller, tenantId));
  }
}
