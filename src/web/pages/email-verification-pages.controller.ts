import { Controller, Get, HttpStatus, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { sendFormExpired, sendHtml } from './page-response';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SESSION_COOKIE, SessionService } from '../../modules/accounts/auth/session.service';
import { EmailVerification } from '../../modules/signup/application/email-verification.service';
import { ConfirmEmailCommand } from '../../modules/signup/use-cases/confirm-email/confirm-email.command';
import { ResendVerificationEmailCommand } from '../../modules/signup/use-cases/resend-verification-email/resend-verification-email.command';
import { DomainError } from '../../shared/domain/domain-error';
import { Public } from '../../shared/http/public.decorator';
import { RateLimit } from '../../shared/http/rate-limit/rate-limit.guard';
import { CsrfService } from '../../shared/http/security/csrf';
import { noStore } from '../../shared/http/security/security-headers';
import { checkEmailPage, verifyEmailPage, VerifyEmailPageModel } from './email-verification.views';
import { correlationIdOf, formOf, text } from './form-input';
import { EMAIL_MAX_LENGTH } from './form-messages';
import { inviteLinkForPage } from './invite-link-for-page';
import { PageErrorFilter } from './page-error.filter';
import { invalidLinkPage } from './views';

/** The HTTP status of each state of a code, as the API answers the same states. */
const STATUS_OF: Record<VerifyEmailPageModel['state'], number> = {
  valid: HttpStatus.OK,
  used: HttpStatus.CONFLICT,
  expired: HttpStatus.GONE,
  invalid: HttpStatus.NOT_FOUND,
  refused: HttpStatus.FORBIDDEN,
};

/** The page for a refusal of ConfirmEmailCommand; null for an error the pages do not expect. */
function refusalOf(error: DomainError): VerifyEmailPageModel | 'dead_link' | null {
  switch (error.code) {
    case 'verification_code_used':
      return { state: 'used' };
    case 'verification_code_expired':
      return { state: 'expired' };
    case 'verification_code_invalid':
      return { state: 'invalid' };
    case 'invalid_invite_link':
      return 'dead_link';
    default:
      return error.kind === 'forbidden' ? { state: 'refused', message: error.message } : null;
  }
}

/**
 * The pages of email verification (docs/http-api.md, "Pages"): "Send the link again" from the
 * "Check your email" page, and the page the mailed link opens, whose one button confirms. Like the
 * join page: no-store, no referrer, CSRF on every post, and the code kept out of the logs
 * (src/infrastructure/logging redacts `/verify-email/<code>`).
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller()
export class EmailVerificationPagesController {
  private readonly ttlMinutes: number;

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly verification: EmailVerification,
    private readonly sessions: SessionService,
    private readonly csrf: CsrfService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMinutes = config.emailVerificationTtlMinutes;
  }

  /**
   * "Send the link again" on the "Check your email" page. Under the join page's URL rather than a
   * token-free one: the answer names the organization, which comes from the link itself and not
   * from a form field anyone could fill in. The answer is the same page with the same neutral
   * status whether or not a signup waits for the address (no enumeration); the per-address and
   * per-IP limits of `verification-resend` apply.
   */
  @Public()
  @RateLimit('verification-resend')
  @Post('join/:token/resend')
  async resend(@Param('token') token: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    noStore(response);
    if (!this.csrf.verify(request)) return sendFormExpired(response);
    const email = text(formOf(request), 'email').trim();
    const link = await inviteLinkForPage(this.queries, token);
    // A link that stopped working sends nothing: its confirmation could only fail (R22). R16 instead.
    if (!link) return sendHtml(response, HttpStatus.NOT_FOUND, invalidLinkPage());
    // Anything that cannot be an address waits for nothing: the answer is the same.
    if (email.length <= EMAIL_MAX_LENGTH) {
      await this.commands.execute(new ResendVerificationEmailCommand(email, correlationIdOf(request)));
    }
    sendHtml(response, HttpStatus.ACCEPTED, checkEmailPage({
      token,
      organizationName: link.organizationName,
      email,
      ttlMinutes: this.ttlMinutes,
      csrfToken: this.csrf.tokenFor(request, response),
      resent: true,
    }));
  }

  /** What the mailed link opens. Reads only: mail scanners that fetch links confirm nothing. */
  @Public()
  @RateLimit('invite-lookup')
  @Get('verify-email/:code')
  async show(@Param('code') code: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    noStore(response);
    const found = await this.verification.inspect(code);
    const model: VerifyEmailPageModel =
      found.status === 'valid'
        ? {
            state: 'valid',
            code,
            email: found.email,
            organizationName: found.organizationName,
            csrfToken: this.csrf.tokenFor(request, response),
          }
        : { state: found.status };
    sendHtml(response, STATUS_OF[model.state], verifyEmailPage(model));
  }

  /** The button: confirms, joins with the link's default role now, signs in, lands in /app. */
  @Public()
  @RateLimit('verification-confirm')
  @Post('verify-email/:code')
  async confirm(@Param('code') code: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    noStore(response);
    if (!this.csrf.verify(request)) return sendFormExpired(response);
    try {
      const result = await this.commands.execute(new ConfirmEmailCommand(code, correlationIdOf(request)));
      response.cookie(SESSION_COOKIE, result.sessionToken, this.sessions.cookieOptions());
      response.redirect(HttpStatus.SEE_OTHER, '/app');
    } catch (error) {
      const refusal = error instanceof DomainError ? refusalOf(error) : null;
      if (refusal === null) throw error;
      // R22: the invite link stopped working since the signup (the registration was undone): R16, word for word.
      if (refusal === 'dead_link') return sendHtml(response, HttpStatus.NOT_FOUND, invalidLinkPage());
      sendHtml(response, STATUS_OF[refusal.state], verifyEmailPage(refusal));
    }
  }


}
