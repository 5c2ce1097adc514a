import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { decodeCursor } from '../../application/audit-cursor';
import { parseInstant, parseTypeList } from '../../application/audit-filter';
import { AUDIT_FEED_DEFAULT_LIMIT, ListMspAuditEventsQueryDto } from './list-msp-audit-events.dto';
import { ListMspAuditEventsQuery } from './list-msp-audit-events.query';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1')
export class ListMspAuditEventsController {
  constructor(private readonly queries: QueryBus) {}

  @OperationId('AuditController_listMspAuditEvents')
  @Get('msps/:mspId/audit-events')
  list(@CallerOf() caller: Caller, @Param('mspId') mspId: string, @Query() query: ListMspAuditEventsQueryDto) {
    // The DTO has checked every parameter; these only convert what it accepted.
    const types = query.type === undefined ? undefined : new Set(parseTypeList(query.type));
    const filter = {
      types,
      from: query.from === undefined ? undefined : parseInstant(query.from),
      to: query.to === undefined ? undefined : parseInstant(query.to),
    };
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    return this.queries.execute(new ListMspAuditEventsQuery(caller, mspId, filter, query.limit ?? AUDIT_FEED_DEFAULT_LIMIT, after));
  }
}
