import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { CreateMspAdminCommand } from './create-msp-admin.command';
import { CreateMspAdminDto } from './create-msp-admin.dto';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('api/v1')
export class CreateMspAdminController {
  constructor(private readonly commands: CommandBus) {}

  @OperationId('AccountsController_createMspAdmin')
  @Post('msps/:mspId/admins')
  createMspAdmin(@CallerOf() caller: Caller, @Param('mspId') mspId: string, @Body() body: CreateMspAdminDto) {
    const { permissions, ...account } = body;
    return this.commands.execute(new CreateMspAdminCommand(caller, mspId, account, permissions));
  }
}
