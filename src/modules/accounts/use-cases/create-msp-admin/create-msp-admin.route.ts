import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { ApiErrors, UNAUTHENTICATED } from '../../../../shared/http/api-responses';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { CreateMspAdminCommand } from './create-msp-admin.command';
import { CreateMspAdminDto } from './create-msp-admin.dto';
import { CreateMspAdminResponse } from './create-msp-admin.response';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('api/v1')
export class CreateMspAdminController {
  constructor(private readonly commands: CommandBus) {}

  @OperationId('AccountsController_createMspAdmin')
  @ApiOperation({
    summary: 'Create an MSP admin',
    description:
      'Operator only. Creates an account that administers the MSP with the given permissions (repeated permissions are merged); it signs in with POST /api/v1/auth/sign-in.',
  })
  @ApiCreatedResponse({ type: CreateMspAdminResponse, description: 'The admin account was created.' })
  @ApiErrors({
    400: '`invalid_request`: the body is malformed or not JSON, or a field is missing, of the wrong type or unknown; `fields` names them.',
    401: UNAUTHENTICATED,
    403: '`operator_only`: every user, MSP admins included.',
    404: '`msp_not_found`: no such MSP.',
    409: '`user_already_registered`: an account has this email, in any letter case.',
    422: '`invalid_email` (`field`), or `weak_password` (`field`, `problems`): every broken password rule.',
  })
  @Post('msps/:mspId/admins')
  createMspAdmin(@CallerOf() caller: Caller, @Param('mspId') mspId: string, @Body() body: CreateMspAdminDto) {
    const { permissions, ...account } = body;
    return this.commands.execute(new CreateMspAdminCommand(caller, mspId, account, permissions));
  }
}
