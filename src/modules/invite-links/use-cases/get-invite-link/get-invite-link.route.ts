import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { AtQueryDto } from './get-invite-link.dto';
import { GetInviteLinkQuery } from './get-invite-link.query';

@ApiTags('invite links')
@ApiBearerAuth()
@Controller('api/v1/tenants/:tenantId/invite-link')
export class GetInviteLinkController {
  constructor(private readonly queries: QueryBus) {}

  @OperationId('InviteLinkAdminController_get')
  @Get()
  get(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Query() query: AtQueryDto) {
    return this.queries.execute(new GetInviteLinkQuery(caller, tenantId, query.at ? new Date(query.at) : undefined));
  }
}
