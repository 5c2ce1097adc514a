import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { CreateMspCommand } from './create-msp.command';
import { CreateMspDto } from './create-msp.dto';

@ApiTags('tenant directory')
@ApiBearerAuth()
@Controller('api/v1')
export class CreateMspController {
  constructor(private readonly commands: CommandBus) {}

  @OperationId('TenancyController_createMsp')
  @Post('msps')
  createMsp(@CallerOf() caller: Caller, @Body() body: CreateMspDto) {
    return this.commands.execute(new CreateMspCommand(caller, body.name));
  }
}
