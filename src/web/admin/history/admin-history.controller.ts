import { Controller, Get, HttpStatus, Param, Req, Res, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../../../modules/accounts/auth/current-principal.decorator';
import { Principal } from '../../../modules/accounts/auth/principal';
import { GetMeQuery } from '../../../modules/accounts/features/accounts.commands';
import { PageErrorFilter } from '../../pages/page-error.filter';
import { notAllowedPage } from '../../pages/views';
import { CsrfService } from '../../security/csrf';
import { noStore } from '../../security/security-headers';
import { historyPage } from './admin-history.views';

/**
 * The invite-link history view (issue 6, item 3). Not signed in: the AuthGuard's 401 becomes a
 * redirect to /sign-in (PageErrorFilter). Signed in without MSP admin rights: 403 with the plain
 * "not allowed" page. Whether the tenant is this MSP's is the API's to say (R20): the page's
 * script shows its 404 in plain words, so the shell holds nothing but the id in its own URL.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('admin/tenants/:tenantId/invite-link')
export class AdminHistoryPagesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly csrf: CsrfService,
  ) {}

  @Get('history')
  async history(
    @CurrentPrincipal() principal: Principal,
    @Param('tenantId') tenantId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    noStore(response);
    // The operator token has no account (GetMeQuery refuses it) and no page of its own.
    const me = principal.kind === 'user' ? await this.queries.execute(new GetMeQuery(principal)) : null;
    if (!me?.msp) {
      response.status(HttpStatus.FORBIDDEN).type('html').send(notAllowedPage());
      return;
    }
    response.status(HttpStatus.OK).type('html').send(historyPage({ tenantId, mspId: me.msp.mspId, csrfToken: this.csrf.tokenFor(request, response) }));
  }
}
