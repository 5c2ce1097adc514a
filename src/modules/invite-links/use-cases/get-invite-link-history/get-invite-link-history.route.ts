import { BadRequestException, Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';
import { Caller } from '../../../../shared/application/request-context';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { HISTORY_LIMIT, InviteLinkHistoryQueryDto } from './get-invite-link-history.dto';
import { GetInviteLinkHistoryQuery } from './get-invite-link-history.query';
import { decodeHistoryCursor, historyCursorKey } from './history-cursor';
import { parseTypeList } from './history-event-types';

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
  @Get('history')
  history(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Query() query: InviteLinkHistoryQueryDto) {
    const order = query.order ?? 'asc';
    const cursor = query.cursor === undefined ? undefined : decodeHistoryCursor(this.cursorKey, tenantId, order, query.cursor);
    if (cursor === null) {
      // Same answer shape as the validation pipe's: the cursor was not issued for this tenant and order.
      throw new BadRequestException({
        statusCode: 400,
        message: ['cursor must be the nextCursor of a previous page of this history, with the same order'],
        error: 'Bad Request',
        code: 'invalid_request',
        fields: ['cursor'],
      });
    }
    const filter = {
      types: query.type === undefined ? undefined : new Set(parseTypeList(query.type)),
      from: query.from === undefined ? undefined : Date.parse(query.from),
      to: query.to === undefined ? undefined : Date.parse(query.to),
    };
    const paging = {
      limit: query.limit === undefined ? HISTORY_LIMIT.default : Number(query.limit),
      order,
      afterRevision: cursor?.revision,
    };
    return this.queries.execute(new GetInviteLinkHistoryQuery(caller, tenantId, filter, paging));
  }
}
