import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../shared/application/request-context';
import { CallerOf } from '../../../shared/http/caller.decorator';
import {
  CancelTenantCommand,
  ConfigureSsoCommand,
  CreateMspCommand,
  CreateRoleCommand,
  CreateTenantCommand,
  ListRolesQuery,
  ListTenantsQuery,
  RemoveSsoCommand,
} from '../features/tenancy.commands';
import { ConfigureSsoDto, CreateMspDto, CreateRoleDto, CreateTenantDto } from './tenancy.dto';

@ApiTags('tenant directory')
@ApiBearerAuth()
@Controller('api/v1')
export class TenancyController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('msps')
  createMsp(@CallerOf() caller: Caller, @Body() body: CreateMspDto) {
    return this.commands.execute(new CreateMspCommand(caller, body.name));
  }

  @Post('msps/:mspId/tenants')
  createTenant(@CallerOf() caller: Caller, @Param('mspId') mspId: string, @Body() body: CreateTenantDto) {
    return this.commands.execute(new CreateTenantCommand(caller, mspId, body.name));
  }

  @Get('msps/:mspId/tenants')
  listTenants(@CallerOf() caller: Caller, @Param('mspId') mspId: string) {
    return this.queries.execute(new ListTenantsQuery(caller, mspId));
  }

  @Get('tenants/:tenantId/roles')
  listRoles(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string) {
    return this.queries.execute(new ListRolesQuery(caller, tenantId));
  }

  @Post('tenants/:tenantId/roles')
  createRole(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Body() body: CreateRoleDto) {
    return this.commands.execute(new CreateRoleCommand(caller, tenantId, body.name));
  }

  @Put('tenants/:tenantId/sso')
  configureSso(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Body() body: ConfigureSsoDto) {
    return this.commands.execute(
      new ConfigureSsoCommand(caller, tenantId, { protocol: body.protocol, entityId: body.entityId.trim(), ssoUrl: body.ssoUrl }),
    );
  }

  @Delete('tenants/:tenantId/sso')
  @HttpCode(204)
  async removeSso(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string) {
    await this.commands.execute(new RemoveSsoCommand(caller, tenantId));
  }

  @Post('tenants/:tenantId/cancel')
  @HttpCode(200)
  cancel(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string) {
    return this.commands.execute(new CancelTenantCommand(caller, tenantId));
  }
}
