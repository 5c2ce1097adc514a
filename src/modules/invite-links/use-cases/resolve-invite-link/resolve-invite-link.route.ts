import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { OperationId } from '../../../../shared/http/operation-id.decorator';
import { Public } from '../../../../shared/http/public.decorator';
import { RateLimit } from '../../../../shared/http/rate-limit/rate-limit.guard';
import { ResolveInviteLinkQuery } from './resolve-invite-link.query';

@ApiTags('public invite links')
@Controller('api/v1/invite-links')
export class ResolveInviteLinkController {
  constructor(private readonly queries: QueryBus) {}

  @OperationId('PublicInviteLinkController_resolve')
  @Public()
  @RateLimit('invite-lookup')
  @Get(':token')
  resolve(@Param('token') token: string) {
    return this.queries.execute(new ResolveInviteLinkQuery(token));
  }
}
