import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../shared/application/request-context';
import { CallerOf } from '../../../shared/http/caller.decorator';
import { RateLimit } from '../../../shared/http/rate-limit/rate-limit.guard';
import { Public } from '../../../shared/http/public.decorator';
import {
  GetInviteLinkHistoryQuery,
  GetInviteLinkQuery,
  RegenerateInviteLinkCommand,
  ResolveInviteLinkQuery,
  UpdateInviteLinkCommand,
} from '../features/invite-link.commands';
import { AtQueryDto, UpdateInviteLinkDto } from './invite-link.dto';

@ApiTags('invite links')
@ApiBearerAuth()
@Controller('api/v1/tenants/:tenantId/invite-link')
export class InviteLinkAdminController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  get(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Query() query: AtQueryDto) {
    return this.queries.execute(new GetInviteLinkQuery(caller, tenantId, query.at ? new Date(query.at) : undefined));
  }

  @Put()
  update(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Body() body: UpdateInviteLinkDto) {
    const { enabled, defaultRoleId, allowedDomains, allowedMicrosoftTenantIds } = body;
    const changes = { enabled, defaultRoleId, allowedDomains, allowedMicrosoftTenantIds };
    if (Object.values(changes).every((value) => value === undefined)) {
      const fields = Object.keys(changes);
      throw new BadRequestException({
        statusCode: 400,
        message: [`Provide at least one of ${fields.join(', ')}`],
        error: 'Bad Request',
        code: 'invalid_request',
        fields,
      });
    }
    return this.commands.execute(new UpdateInviteLinkCommand(caller, tenantId, changes));
  }

  @Post('regenerate')
  @HttpCode(200)
  regenerate(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string) {
    return this.commands.execute(new RegenerateInviteLinkCommand(caller, tenantId));
  }

  @Get('history')
  history(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string) {
    return this.queries.execute(new GetInviteLinkHistoryQuery(caller, tenantId));
  }
}

@ApiTags('public invite links')
@Controller('api/v1/invite-links')
export class PublicInviteLinkController {
  constructor(private readonly queries: QueryBus) {}

  @Public()
  @RateLimit('invite-lookup')
  @Get(':token')
  resolve(@Param('token') token: string) {
    return this.queries.execute(new ResolveInviteLinkQuery(token));
  }
}
