import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';
import { Caller } from '../../../../shared/application/request-context';
import { ApiErrors, UNAUTHENTICATED } from '../../../../shared/http/api-responses';
import { readAuditQuery } from '../../../../shared/http/audit-query.decorators';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { invalidRequest } from '../../../../shared/http/validation';
import { InviteLinkHistoryQueryDto } from './get-invite-link-history.dto';
import { GetInviteLinkHistoryQuery } from './get-invite-link-history.query';
import { decodeHistoryCursor, historyCursorKey } from './history-cursor';
import { HistoryPageResponse } from './get-invite-link-history.response';

@ApiTags('invite links')
@ApiBearerAuth()
@Controller('api/v1/tenants/:tenantId/invite-link')
export class GetInviteLinkHistoryController {
  private readonly cursorKey: Buffer;

  constructor(
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cursorKey = historyCursorKey(config.tokenSecret);
  }

  @OperationId('InviteLinkAdminController_history')
  @ApiOperation({
    summary: "Read the history of a tenant's invite link",
    description:
      "MSP admin of the tenant's MSP (any permission, `view_audit_log` included) or the operator. Every change of the link and of the tenant facts that decide whether it works (SSO, cancelation), from the event store, with who made it; filter by `type`, `from` and `to`, page with `limit` and `cursor`, oldest first unless `order=desc`.",
  })
  @ApiOkResponse({ type: HistoryPageResponse, description: 'One page of the history; `{items: [], nextCursor: null}` for a link that never changed.' })
  @ApiErrors({
    400: '`invalid_request`: a bad `type`, `from`, `to`, `limit`, `order` or `cursor`, or an unknown parameter; `fields` names it.',
    401: UNAUTHENTICATED,
    403: 'A tenant user (`msp_admin_only`), also for tenants that do not exist.',
    404: '`tenant_not_found`: no such tenant, or a tenant of another MSP (the same answer).',
  })
  @Get('history')
  history(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Query() query: InviteLinkHistoryQueryDto) {
    const order = query.order ?? 'asc';
    const cursor = query.cursor === undefined ? undefined : decodeHistoryCursor(this.cursorKey, tenantId, order, query.cursor);
    if (cursor === null) {
      // Checked here, not in the DTO: a cursor is bound to the tenant and the order, which the DTO does not see.
      throw invalidRequest(['cursor must be the nextCursor of a previous page of this history, with the same order'], ['cursor']);
    }
    const { types, from, to, limit } = readAuditQuery(query);
    return this.queries.execute(new GetInviteLinkHistoryQuery(caller, tenantId, { types, from, to }, { limit, order, afterRevision: cursor?.revision }));
  }
}
