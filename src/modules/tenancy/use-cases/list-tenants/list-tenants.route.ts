import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { ApiErrors, UNAUTHENTICATED } from '../../../../shared/http/api-responses';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { ListTenantsQuery } from './list-tenants.query';
import { TenantListResponse } from './list-tenants.response';

@ApiTags('tenant directory')
@ApiBearerAuth()
@Controller('api/v1')
export class ListTenantsController {
  constructor(private readonly queries: QueryBus) {}

  @OperationId('TenancyController_listTenants')
  @ApiOperation({
    summary: 'List the tenants of an MSP',
    description:
      'MSP admin of that MSP (any permission) or the operator. Every tenant, canceled ones included, oldest first.',
  })
  @ApiOkResponse({ type: TenantListResponse, description: 'The MSP\'s tenants.' })
  @ApiErrors({
    401: UNAUTHENTICATED,
    403: 'A tenant user (`msp_admin_only`).',
    404: "`msp_not_found`: no such MSP, or another MSP than the caller's (the same answer).",
  })
  @Get('msps/:mspId/tenants')
  listTenants(@CallerOf() caller: Caller, @Param('mspId') mspId: string) {
    return this.queries.execute(new ListTenantsQuery(caller, mspId));
  }
}
