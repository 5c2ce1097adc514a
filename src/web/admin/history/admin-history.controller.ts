import { Controller, Get, HttpStatus, Param, Req, Res, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../../../modules/accounts/auth/current-principal.decorator';
import { Principal } from '../../../modules/accounts/auth/principal';
import { PageErrorFilter } from '../../pages/page-error.filter';
import { notAllowedPage } from '../../pages/views';
import { CsrfService } from '../../security/csrf';
import { noStore } from '../../security/security-headers';
import { mspOfAdmin } from '../admin-access';
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
    const mspId = await mspOfAdmin(this.queries, principal);
    if (mspId === null) {
      response.status(HttpStatus.FORBIDDEN).type('html').send(notAllowedPage());
      return;
    }
    const csrfToken = this.csrf.tokenFor(request, response);
    response.status(HttpStatus.OK).type('html').send(historyPage({ tenantId, mspId, csrfToken }));
  }
}
