import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../../../shared/application/request-context';
import { ApiErrors, UNAUTHENTICATED } from '../../../../shared/http/api-responses';
import { CallerOf } from '../../../../shared/http/caller.decorator';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { AtQueryDto } from './get-invite-link.dto';
import { GetInviteLinkQuery } from './get-invite-link.query';
import { InviteLinkResponse } from './get-invite-link.response';

@ApiTags('invite links')
@ApiBearerAuth()
@Controller('api/v1/tenants/:tenantId/invite-link')
export class GetInviteLinkController {
  constructor(private readonly queries: QueryBus) {}

  @OperationId('InviteLinkAdminController_get')
  @ApiOperation({
    summary: "Read a tenant's invite link",
    description:
      "MSP admin of the tenant's MSP (any permission) or the operator. The current settings, or with `at` the settings at that instant, replayed from the tenant's events. `url` is null for admins who may read but not change the link.",
  })
  @ApiOkResponse({ type: InviteLinkResponse, description: 'The link\'s settings.' })
  @ApiErrors({
    400: '`invalid_request`: `at` is not an ISO-8601 date-time with a zone, or an unknown parameter; `fields` names it.',
    401: UNAUTHENTICATED,
    403: 'A tenant user (`msp_admin_only`), also for tenants that do not exist.',
    404: '`tenant_not_found`: no such tenant, or a tenant of another MSP (the same answer). `tenant_not_found_at`: the tenant did not exist yet at `at`.',
  })
  @Get()
  get(@CallerOf() caller: Caller, @Param('tenantId') tenantId: string, @Query() query: AtQueryDto) {
    return this.queries.execute(new GetInviteLinkQuery(caller, tenantId, query.at ? new Date(query.at) : undefined));
  }
}
