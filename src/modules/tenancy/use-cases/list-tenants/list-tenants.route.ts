import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { ListTenantsQuery } from './list-tenants.query';

@ApiTags('tenant directory')
@ApiBearerAuth()
@Controller('api/v1')
export class ListTenantsController {
  constructor(private readonly queries: QueryBus) {}

  @OperationId('TenancyController_listTenants')
  @Get('msps/:mspId/tenants')
  listTenants(@CallerOf() caller: Caller, @Param('mspId') mspId: string) {
    return this.queries.execute(new ListTenantsQuery(caller, mspId));
  }
}
