import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';
import { notFound } from '../../../../shared/domain/domain-error';
import { INVALID_LINK_MESSAGE } from '../../domain/invite-link.messages';
import { InviteLinkLookup } from '../../application/invite-link-lookup.service';
import { ResolveInviteLinkQuery } from './resolve-invite-link.query';

@QueryHandler(ResolveInviteLinkQuery)
export class ResolveInviteLinkHandler implements IQueryHandler<ResolveInviteLinkQuery> {
  constructor(
    private readonly links: InviteLinkLookup,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'microsoft'>,
  ) {}

  async execute({ token }: ResolveInviteLinkQuery) {
    const link = await this.links.find(token);
    if (!link) throw notFound('invalid_invite_link', INVALID_LINK_MESSAGE);
    // Microsoft only when configured: without MICROSOFT_CLIENT_ID there is no button (docs/http-api.md, Microsoft sign-in).
    return { organizationName: link.state.name, signupMethods: this.config.microsoft ? ['password', 'microsoft'] : ['password'] };
  }
}
