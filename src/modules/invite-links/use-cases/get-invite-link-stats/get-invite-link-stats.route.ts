import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { ApiErrors, UNAUTHENTICATED } from '../../../../shared/http/api-responses';
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
  @ApiOperation({
    summary: "Count the joins through a tenant's invite link per day",
    description:
      "MSP admin of the tenant's MSP (any permission, `view_audit_log` included) or the operator, as for the history. Joins per UTC day and sign-in method over the last `days` days (1–366, default 30) ending today, every day listed oldest first with 0 when nobody joined, and the totals of the window by role. From the daily-signups read model.",
  })
  @ApiOkResponse({ type: InviteLinkStatsResponse, description: 'Joins through the invite link per UTC day, by method, and by role over the window.' })
  @ApiErrors({
    400: '`invalid_request`: `days` is not an integer from 1 to 366 written with digits, or is given twice, or an unknown parameter; `fields` names it.',
    401: UNAUTHENTICATED,
    403: 'A tenant user (`msp_admin_only`), also for tenants that do not exist.',
    404: '`tenant_not_found`: no such tenant, or a tenant of another MSP (the same answer).',
  })
  @Get('stats')
  stats(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Query() query: InviteLinkStatsQueryDto) {
    // The validation pipe has refused anything parseDays could not read.
    const days = query.days === undefined ? STATS_DAYS.default : parseDays(query.days)!;
    return this.queries.execute(new GetInviteLinkStatsQuery(caller, tenantId, days));
  }
}
