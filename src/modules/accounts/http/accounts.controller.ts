import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Caller } from '../../../shared/application/request-context';
import { CallerOf } from '../../../shared/http/caller.decorator';
import { Public } from '../../../shared/http/public.decorator';
import { SESSION_COOKIE, SessionService } from '../auth/session.service';
import {
  AddTenantUserCommand,
  CreateMspAdminCommand,
  GetMeQuery,
  ListTenantUsersQuery,
  SignInCommand,
} from '../features/accounts.commands';
import { AddTenantUserDto, CreateMspAdminDto, ListUsersQueryDto, SignInDto } from './accounts.dto';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('api/v1')
export class AccountsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly sessions: SessionService,
  ) {}

  @Post('msps/:mspId/admins')
  createMspAdmin(@CallerOf() caller: Caller, @Param('mspId') mspId: string, @Body() body: CreateMspAdminDto) {
    const { permissions, ...account } = body;
    return this.commands.execute(new CreateMspAdminCommand(caller, mspId, account, permissions));
  }

  @Post('tenants/:tenantId/users')
  addTenantUser(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Body() body: AddTenantUserDto) {
    const { roleId, ...account } = body;
    return this.commands.execute(new AddTenantUserCommand(caller, tenantId, account, roleId));
  }

  @Get('tenants/:tenantId/users')
  listTenantUsers(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Query() query: ListUsersQueryDto) {
    return this.queries.execute(new ListTenantUsersQuery(caller, tenantId, query.limit ?? 50, query.cursor));
  }

  @Public()
  @Post('auth/sign-in')
  @HttpCode(200)
  async signIn(@Body() body: SignInDto, @Res({ passthrough: true }) response: Response) {
    const { accessToken } = await this.commands.execute(new SignInCommand(body.email, body.password));
    response.cookie(SESSION_COOKIE, accessToken, this.sessions.cookieOptions());
    return { accessToken };
  }

  @Get('me')
  me(@CallerOf() caller: Caller) {
    return this.queries.execute(new GetMeQuery(caller.principal));
  }
}
