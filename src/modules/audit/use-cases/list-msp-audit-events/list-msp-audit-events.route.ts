import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { ApiErrors, UNAUTHENTICATED } from '../../../../shared/http/api-responses';
import { readAuditQuery } from '../../../../shared/http/audit-query.decorators';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { decodeCursor } from '../../application/audit-cursor';
import { ListMspAuditEventsQueryDto } from './list-msp-audit-events.dto';
import { ListMspAuditEventsQuery } from './list-msp-audit-events.query';
import { AuditEventsPageResponse } from './list-msp-audit-events.response';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1')
export class ListMspAuditEventsController {
  constructor(private readonly queries: QueryBus) {}

  @OperationId('AuditController_listMspAuditEvents')
  @ApiOperation({
    summary: "Read the MSP's audit feed",
    description:
      'MSP admin of that MSP (any permission) or the operator. Every event of the MSP and its tenants as CloudEvents, oldest first; filter by `type`, `from` and `to`, page with `limit` and `cursor` until `nextCursor` is null (a page may hold fewer items than `limit`, even none).',
  })
  @ApiOkResponse({ type: AuditEventsPageResponse, description: 'One page of the feed.' })
  @ApiErrors({
    400: '`invalid_request`: a bad `type`, `from`, `to`, `limit` or `cursor`, or an unknown parameter; `fields` names it.',
    401: UNAUTHENTICATED,
    403: 'A tenant user (`msp_admin_only`).',
    404: "`msp_not_found`: no such MSP, or another MSP than the caller's (the same answer).",
  })
  @Get('msps/:mspId/audit-events')
  list(@CallerOf() caller: Caller, @Param('mspId') mspId: string, @Query() query: ListMspAuditEventsQueryDto) {
    // The DTO has checked every parameter; these only convert what it accepted.
    const { types, from, to, limit } = readAuditQuery(query);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    return this.queries.execute(new ListMspAuditEventsQuery(caller, mspId, { types, from, to }, limit, after));
  }
}
