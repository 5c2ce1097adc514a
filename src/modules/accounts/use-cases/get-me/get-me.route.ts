import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { GetMeQuery } from './get-me.query';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('api/v1')
export class GetMeController {
  constructor(private readonly queries: QueryBus) {}

  @OperationId('AccountsController_me')
  @Get('me')
  me(@CallerOf() caller: Caller) {
    return this.queries.execute(new GetMeQuery(caller.principal));
  }
}
