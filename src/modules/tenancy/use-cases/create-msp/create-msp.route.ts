import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { ApiErrors, UNAUTHENTICATED } from '../../../../shared/http/api-responses';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { CreateMspCommand } from './create-msp.command';
import { CreateMspDto } from './create-msp.dto';
import { CreateMspResponse } from './create-msp.response';

@ApiTags('tenant directory')
@ApiBearerAuth()
@Controller('api/v1')
export class CreateMspController {
  constructor(private readonly commands: CommandBus) {}

  @OperationId('TenancyController_createMsp')
  @ApiOperation({
    summary: 'Create an MSP',
    description:
      'Operator only. Creates a managed service provider; give it admins with POST /api/v1/msps/{mspId}/admins.',
  })
  @ApiCreatedResponse({ type: CreateMspResponse, description: 'The MSP was created.' })
  @ApiErrors({
    400: '`invalid_request`: the body is malformed or not JSON, or a field is missing, of the wrong type or unknown; `fields` names them.',
    401: UNAUTHENTICATED,
    403: '`operator_only`: every user, MSP admins included.',
  })
  @Post('msps')
  createMsp(@CallerOf() caller: Caller, @Body() body: CreateMspDto) {
    return this.commands.execute(new CreateMspCommand(caller, body.name));
  }
}
