import { Controller, Get, HttpStatus, Inject, Param, Req, Res, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CurrentPrincipal } from '../../shared/http/current-principal.decorator';
import { Principal } from '../../shared/domain/principal';
import { PageErrorFilter } from '../pages/page-error.filter';
import { notAllowedPage } from '../pages/views';
import { CsrfService } from '../../shared/http/security/csrf';
import { noStore } from '../../shared/http/security/security-headers';
import { adminAccessOf, mspOfAdmin } from './admin-access';
import { tenantsPage } from './admin-views';
import { tenantUsersPage } from './users-page.views';
import { historyPage } from './history/admin-history.views';

/**
 * The MSP admin dashboard. The pages are shells; their script reads and changes everything
 * through the public API (docs/http-api.md) with the session cookie, and sends the page's CSRF token
 * with unsafe calls (AuthGuard). Not signed in: PageErrorFilter redirects to /sign-in. Signed
 * in without MSP admin rights: 403 and a page that shows nothing of the settings.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('admin')
export class AdminPagesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly csrf: CsrfService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  tenants(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.shell(principal, request, response, (mspId, csrfToken) => tenantsPage({ mspId, csrfToken }));
  }

  @Get('tenants/:tenantId/users')
  tenantUsers(
    @CurrentPrincipal() principal: Principal,
    @Param('tenantId') tenantId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const microsoft = this.config.microsoft !== undefined;
    const mail = this.config.mail !== undefined;
    return this.shell(principal, request, response, (mspId, csrfToken, canManage) =>
      tenantUsersPage({ mspId, tenantId, csrfToken, microsoft, mail, canManage }),
    );
  }

  /**
   * The invite-link history view. Whether the tenant is this MSP's is the API's to say (R20):
   * the page's script shows its 404 in plain words, so the shell holds nothing but the id in
   * its own URL.
   */
  @Get('tenants/:tenantId/invite-link/history')
  history(
    @CurrentPrincipal() principal: Principal,
    @Param('tenantId') tenantId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.shell(principal, request, response, (mspId, csrfToken) => historyPage({ tenantId, mspId, csrfToken }));
  }

  /** The Invite Link dialog's own URL: the users page with the dialog open. */
  @Get('tenants/:tenantId/invite-link')
  async inviteLink(@CurrentPrincipal() principal: Principal, @Param('tenantId') tenantId: string, @Res() response: Response): Promise<void> {
    noStore(response);
    const mspId = await this.mspOf(principal);
    if (mspId === null) return this.notAllowed(response);
    response.redirect(HttpStatus.SEE_OTHER, `/admin/tenants/${encodeURIComponent(tenantId)}/users#invite-link`);
  }

  private mspOf(principal: Principal): Promise<string | null> {
    return mspOfAdmin(this.queries, principal);
  }

  /** An admin page: rendered for MSP admins (never cached), the "not allowed" page for anyone else. */
  private async shell(
    principal: Principal,
    request: Request,
    response: Response,
    render: (mspId: string, csrfToken: string, canManage: boolean) => string,
  ): Promise<void> {
    noStore(response);
    const access = await adminAccessOf(this.queries, principal);
    if (access === null) return this.notAllowed(response);
    this.html(response, HttpStatus.OK, render(access.mspId, this.csrf.tokenFor(request, response), access.canManage));
  }

  private notAllowed(response: Response): void {
    this.html(response, HttpStatus.FORBIDDEN, notAllowedPage());
  }

  private html(response: Response, status: number, body: string): void {
    response.status(status).type('html').send(body);
  }
}
