import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { ApiErrors, UNAUTHENTICATED } from '../../../../shared/http/api-responses';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { GetMeQuery } from './get-me.query';
import { MeResponse } from './get-me.response';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('api/v1')
export class GetMeController {
  constructor(private readonly queries: QueryBus) {}

  @OperationId('AccountsController_me')
  @ApiOperation({
    summary: 'Who am I',
    description:
      'The signed-in user: name, email, tenant memberships and, for an MSP admin, the MSP and its permissions.',
  })
  @ApiOkResponse({ type: MeResponse, description: 'The signed-in user.' })
  @ApiErrors({
    401: UNAUTHENTICATED,
    403: '`operator_has_no_account`: the operator token belongs to no user.',
  })
  @Get('me')
  me(@CallerOf() caller: Caller) {
    return this.queries.execute(new GetMeQuery(caller.principal));
  }
}
