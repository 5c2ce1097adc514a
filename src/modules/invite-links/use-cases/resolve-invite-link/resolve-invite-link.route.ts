import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../../../shared/http/api-responses';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { Public } from '../../../../shared/http/public.decorator';
import { RateLimit } from '../../../../shared/http/rate-limit/rate-limit.guard';
import { ResolveInviteLinkQuery } from './resolve-invite-link.query';
import { ResolvedInviteLinkResponse } from './resolve-invite-link.response';

@ApiTags('public invite links')
@Controller('api/v1/invite-links')
export class ResolveInviteLinkController {
  constructor(private readonly queries: QueryBus) {}

  @OperationId('PublicInviteLinkController_resolve')
  @ApiOperation({
    summary: 'Look up an invite link',
    description:
      "Public and rate-limited. What the join page shows before someone signs up: the organization's name and the ways to sign up.",
  })
  @ApiOkResponse({ type: ResolvedInviteLinkResponse, description: 'The link works.' })
  @ApiErrors({
    404: '`invalid_invite_link`: the same answer for every token that does not work, whatever the reason (unknown, disabled, regenerated, SSO, canceled).',
    429: 'Too many look-ups; `Retry-After` says when to try again.',
  })
  @Public()
  @RateLimit('invite-lookup')
  @Get(':token')
  resolve(@Param('token') token: string) {
    return this.queries.execute(new ResolveInviteLinkQuery(token));
  }
}
