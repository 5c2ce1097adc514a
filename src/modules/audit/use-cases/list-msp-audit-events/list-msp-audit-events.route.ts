import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { readAuditQuery } from '../../../../shared/http/audit-query.decorators';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { decodeCursor } from '../../application/audit-cursor';
import { ListMspAuditEventsQueryDto } from './list-msp-audit-events.dto';
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
    const { types, from, to, limit } = readAuditQuery(query);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    return this.queries.execute(new ListMspAuditEventsQuery(caller, mspId, { types, from, to }, limit, after));
  }
}
