import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { InviteLinkStatsQueryDto, parseDays } from './get-invite-link-stats.dto';
import { InviteLinkStatsResponse } from './get-invite-link-stats.response';
import { GetInviteLinkStatsQuery, STATS_DAYS } from './get-invite-link-stats.query';

@ApiTags('invite links')
@ApiBearerAuth()
@Controller('api/v1/tenants/:tenantId/invite-link')
export class GetInviteLinkStatsController {
  constructor(private readonly queries: QueryBus) {}

  @OperationId('InviteLinkAdminController_stats')
  @ApiOkResponse({ type: InviteLinkStatsResponse, description: 'Joins through the invite link per UTC day, by method and by role' })
  @Get('stats')
  stats(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Query() query: InviteLinkStatsQueryDto) {
    // The validation pipe has refused anything parseDays could not read.
    const days = query.days === undefined ? STATS_DAYS.default : parseDays(query.days)!;
    return this.queries.execute(new GetInviteLinkStatsQuery(caller, tenantId, days));
  }
}
