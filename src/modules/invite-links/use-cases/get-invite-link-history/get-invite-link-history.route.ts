import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { GetInviteLinkHistoryQuery } from './get-invite-link-history.query';

@ApiTags('invite links')
@ApiBearerAuth()
@Controller('api/v1/tenants/:tenantId/invite-link')
export class GetInviteLinkHistoryController {
  constructor(private readonly queries: QueryBus) {}

  @OperationId('InviteLinkAdminController_history')
  @Get('history')
  history(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string) {
    return this.queries.execute(new GetInviteLinkHistoryQuery(caller, tenantId));
  }
}
