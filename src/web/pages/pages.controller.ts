import { httpStatusOf } from '../../shared/http/domain-error.filter';
import { sendFormExpired, sendHtml } from './page-response';
import { Controller, Get, HttpStatus, Inject, Param, Post, Req, Res, UnauthorizedException, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CurrentPrincipal } from '../../shared/http/current-principal.decorator';
import { Principal } from '../../shared/domain/principal';
import { Public } from '../../shared/http/public.decorator';
import { SESSION_COOKIE, SessionService } from '../../modules/accounts/auth/session.service';
import { GetMeQuery } from '../../modules/accounts/use-cases/get-me/get-me.query';
import { SignInCommand } from '../../modules/accounts/use-cases/sign-in/sign-in.command';
import { LandingPageQuery } from '../../modules/accounts/use-cases/get-landing-page/get-landing-page.query';
import { SignUpViaInviteLinkCommand } from '../../modules/signup/use-cases/sign-up-via-invite-link/sign-up-via-invite-link.command';
import { SignupInput, signupRuleViolations } from '../../modules/signup/domain/signup-rules';
import { DomainError } from '../../shared/domain/domain-error';
import { ASSETS, assetByFile } from '../assets/assets';
import { RateLimit } from '../../shared/http/rate-limit/rate-limit.guard';
import { CsrfService } from '../../shared/http/security/csrf';
import { noStore } from '../../shared/http/security/security-headers';
import {
  EMAIL_MAX_LENGTH,
  EMAIL_NOT_VERIFIED_MESSAGE,
  NAME_MAX_LENGTH,
  PASSWORD_FIELD_MAX_LENGTH,
  PASSWORD_REQUIRED_MESSAGE,
  REQUIRED_MESSAGES,
  SIGN_IN_FAILED_MESSAGE,
  TOO_LONG_MESSAGES,
} from './form-messages';
import { ResendVerificationEmailCommand } from '../../modules/signup/use-cases/resend-verification-email/resend-verification-email.command';
import { correlationIdOf, formOf, text } from './form-input';
import { InviteLinkForPage, inviteLinkForPage } from './invite-link-for-page';
import { safeNextPath } from './next-path';
import { GetMembershipNamesQuery } from '../../modules/tenancy/use-cases/get-membership-names/get-membership-names.query';
import { PageErrorFilter } from './page-error.filter';
import { checkEmailPage } from './email-verification.views';
import {
  appPage,
  EMPTY_JOIN_VALUES,
  FormErrors,
  invalidLinkPage,
  JOIN_FIELDS,
  JoinField,
  joinPage,
  JoinValues,
  privacyPage,
  signInPage,
  termsPage,
} from './views';

/** `{field, message}` items as form errors: each next to its field, unknown fields at the top. */
/** The `code` of an HTTP exception's answer (`email_not_verified`, ...), if it has one. */
function codeOf(error: UnauthorizedException): unknown {
  const body = error.getResponse();
  return typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
}

function fieldErrorsOf(items: readonly { field?: unknown; message?: unknown }[], into: FormErrors = {}): FormErrors {
  for (const item of items) {
    if (typeof item?.message !== 'string' || !item.message) continue;
    const field: JoinField | 'form' = JOIN_FIELDS.find((name) => name === item.field) ?? 'form';
    into[field] = [...(into[field] ?? []), item.message];
  }
  return into;
}

/**
 * What the API's DTO checks before the command (required names, lengths): a form post does not
 * go through it. Blank emails and every rule of the form are the command's (signup-rules.ts).
 */
function shapeErrorsOf(input: SignupInput): { field: JoinField; message: string }[] {
  const errors: { field: JoinField; message: string }[] = [];
  for (const field of ['firstName', 'lastName'] as const) {
    if (!input[field].trim()) errors.push({ field, message: REQUIRED_MESSAGES[field] });
    else if (input[field].length > NAME_MAX_LENGTH) errors.push({ field, message: TOO_LONG_MESSAGES[field] });
  }
  if (input.email.length > EMAIL_MAX_LENGTH) errors.push({ field: 'email', message: TOO_LONG_MESSAGES.email });
  for (const field of ['password', 'passwordConfirmation'] as const) {
    if (input[field].length > PASSWORD_FIELD_MAX_LENGTH) errors.push({ field, message: TOO_LONG_MESSAGES[field] });
  }
  return errors;
}

/** Where a message of the signup command belongs on the form. */
function errorsOf(error: DomainError): FormErrors {
  const errors: FormErrors = {};
  const add = (field: JoinField | 'form', message: string) => (errors[field] = [...(errors[field] ?? []), message]);
  if (error.kind === 'validation') {
    const details = (error.details?.errors ?? []) as unknown;
    const list = Array.isArray(details) ? (details as { field?: unknown; message?: unknown }[]) : [];
    fieldErrorsOf(list, errors);
    if (!Object.keys(errors).length) add('form', error.message);
  } else if (error.code === 'user_already_registered' || error.code === 'email_domain_not_allowed') {
    add('email', error.message);
  } else {
    add('form', error.message);
  }
  return errors;
}

/**
 * An empty password breaks every rule at once; listing them all would repeat the rules shown
 * under the field, so the page asks for a password instead.
 */
function withPasswordRequired(errors: FormErrors, password: string): FormErrors {
  return password === '' && errors.password?.length ? { ...errors, password: [PASSWORD_REQUIRED_MESSAGE] } : errors;
}

/**
 * The server-rendered pages (docs/http-api.md, "Pages"): they work without JavaScript, post forms with a
 * CSRF token, and run the same commands and queries as the API.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller()
export class PagesController {
  /** Whether "Sign in with Microsoft" is offered (MICROSOFT_CLIENT_ID is set). */
  private readonly microsoft: boolean;
  /** EMAIL_VERIFICATION_TTL_MINUTES, which the "Check your email" page states. */
  private readonly ttlMinutes: number;

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly sessions: SessionService,
    private readonly csrf: CsrfService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.microsoft = config.microsoft !== undefined;
    this.ttlMinutes = config.emailVerificationTtlMinutes;
  }

  // ---- join ---------------------------------------------------------------------------

  @Public()
  @RateLimit('invite-lookup')
  @Get('join/:token')
  async join(@Param('token') token: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    noStore(response);
    const link = await this.resolve(token);
    if (!link) return this.invalidLink(response);
    sendHtml(response, HttpStatus.OK, joinPage({
      token,
      organizationName: link.organizationName,
      microsoft: link.signupMethods.includes('microsoft'),
      csrfToken: this.csrf.tokenFor(request, response),
      values: EMPTY_JOIN_VALUES,
      errors: {},
    }));
  }

  @Public()
  @RateLimit('signup', { signupAttempt: true })
  @Post('join/:token')
  async submitJoin(@Param('token') token: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    noStore(response);
    if (!this.csrf.verify(request)) return sendFormExpired(response);
    const form = formOf(request);
    const values: JoinValues = {
      firstName: text(form, 'firstName'),
      lastName: text(form, 'lastName'),
      email: text(form, 'email'),
      acceptTerms: ['yes', 'on', 'true'].includes(text(form, 'acceptTerms')),
    };
    const input: SignupInput = {
      ...values,
      password: text(form, 'password'),
      passwordConfirmation: text(form, 'passwordConfirmation'),
    };
    let status: number;
    let errors: FormErrors;
    let offerSignIn = false;
    const shapeErrors = shapeErrorsOf(input);
    if (shapeErrors.length) {
      // Show every problem at once, the command's rules included, without running it.
      status = HttpStatus.UNPROCESSABLE_ENTITY;
      errors = fieldErrorsOf([...shapeErrors, ...signupRuleViolations(input)]);
    } else {
      try {
        const result = await this.commands.execute(new SignUpViaInviteLinkCommand(token, input, correlationIdOf(request)));
        if (result.status === 'verification_required') return await this.checkEmail(token, result.email, request, response);
        response.cookie(SESSION_COOKIE, result.sessionToken, this.sessions.cookieOptions());
        response.redirect(HttpStatus.SEE_OTHER, '/app');
        return;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (error.kind === 'not_found') return this.invalidLink(response);
        status = httpStatusOf(error.kind);
        errors = errorsOf(error);
        offerSignIn = error.code === 'user_already_registered';
      }
    }
    const link = await this.resolve(token);
    if (!link) return this.invalidLink(response);
    sendHtml(response, status, joinPage({
      token,
      organizationName: link.organizationName,
      microsoft: link.signupMethods.includes('microsoft'),
      csrfToken: this.csrf.tokenFor(request, response),
      values,
      errors: withPasswordRequired(errors, input.password),
      offerSignIn,
    }));
  }

  /**
   * The link requires email verification: nothing is joined yet and nobody is signed in; the page
   * says where the link went, for how long it works, and offers to send it again (202, like the API).
   */
  private async checkEmail(token: string, email: string, request: Request, response: Response): Promise<void> {
    const link = await this.resolve(token);
    if (!link) return this.invalidLink(response);
    sendHtml(response, HttpStatus.ACCEPTED, checkEmailPage({
      token,
      organizationName: link.organizationName,
      email,
      ttlMinutes: this.ttlMinutes,
      csrfToken: this.csrf.tokenFor(request, response),
    }));
  }

  // ---- sign-in / sign-out -----------------------------------------------------------------

  /** `?next=`: where to return after signing in (the admin pages link here when a session expired). */
  @Public()
  @Get('sign-in')
  signIn(@Req() request: Request, @Res() response: Response): void {
    noStore(response);
    sendHtml(
      response,
      HttpStatus.OK,
      signInPage({
        csrfToken: this.csrf.tokenFor(request, response),
        email: '',
        microsoft: this.microsoft,
        next: safeNextPath(request.query.next),
      }),
    );
  }

  @Public()
  @RateLimit('sign-in')
  @Post('sign-in')
  async submitSignIn(@Req() request: Request, @Res() response: Response): Promise<void> {
    noStore(response);
    if (!this.csrf.verify(request)) return sendFormExpired(response);
    const form = formOf(request);
    const email = text(form, 'email');
    const password = text(form, 'password');
    // Only a path of this site: anything else would make the sign-in page an open redirect.
    const next = safeNextPath(form.next);
    try {
      if (!email || !password) throw new UnauthorizedException();
      const { accessToken, userId } = await this.commands.execute(new SignInCommand(email, password));
      response.cookie(SESSION_COOKIE, accessToken, this.sessions.cookieOptions());
      // Back to the page whose session expired; otherwise MSP admins land on their dashboard
      // (/admin), everyone else on /app.
      response.redirect(HttpStatus.SEE_OTHER, next ?? (await this.queries.execute(new LandingPageQuery(userId))));
    } catch (error) {
      if (!(error instanceof UnauthorizedException) && !(error instanceof DomainError)) throw error;
      // Right password, email not confirmed yet: say so (nothing in the fields is wrong).
      const unverified = error instanceof UnauthorizedException && codeOf(error) === 'email_not_verified';
      sendHtml(
        response,
        HttpStatus.UNAUTHORIZED,
        signInPage({
          csrfToken: this.csrf.tokenFor(request, response),
          email,
          ...(unverified
            ? { accountError: EMAIL_NOT_VERIFIED_MESSAGE, resendVerification: 'offer' as const }
            : { error: SIGN_IN_FAILED_MESSAGE }),
          microsoft: this.microsoft,
          next,
        }),
      );
    }
  }

  /**
   * "Send the link again" for an account that tried to sign in before confirming its email (the
   * person may have closed the page where they signed up). The same neutral answer whatever
   * happened (no enumeration); the `verification-resend` limits apply, per IP and per address.
   */
  @Public()
  @RateLimit('verification-resend')
  @Post('sign-in/resend-verification')
  async resendVerification(@Req() request: Request, @Res() response: Response): Promise<void> {
    noStore(response);
    if (!this.csrf.verify(request)) return sendFormExpired(response);
    const email = text(formOf(request), 'email').trim();
    if (email.length <= EMAIL_MAX_LENGTH) {
      await this.commands.execute(new ResendVerificationEmailCommand(email, correlationIdOf(request)));
    }
    sendHtml(
      response,
      HttpStatus.ACCEPTED,
      signInPage({ csrfToken: this.csrf.tokenFor(request, response), email, resendVerification: 'sent', microsoft: this.microsoft }),
    );
  }

  @Public()
  @Post('sign-out')
  signOut(@Req() request: Request, @Res() response: Response): void {
    noStore(response);
    if (!this.csrf.verify(request)) return sendFormExpired(response);
    const { maxAge: _maxAge, ...options } = this.sessions.cookieOptions();
    response.clearCookie(SESSION_COOKIE, options);
    response.redirect(HttpStatus.SEE_OTHER, '/sign-in');
  }

  // ---- the product ----------------------------------------------------------------------

  /** Needs the session cookie (the AuthGuard reads it on GET); without one PageErrorFilter redirects to /sign-in. */
  @Get('app')
  async app(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    noStore(response);
    const me = await this.queries.execute(new GetMeQuery(principal));
    sendHtml(response, HttpStatus.OK, appPage({
      firstName: me.firstName,
      lastName: me.lastName,
      email: me.email,
      memberships: await this.queries.execute(new GetMembershipNamesQuery(me.memberships)),
      mspAdmin: me.msp !== null,
      csrfToken: this.csrf.tokenFor(request, response),
    }));
  }

  // ---- static ---------------------------------------------------------------------------

  @Public()
  @Get('terms')
  terms(@Res() response: Response): void {
    response.setHeader('Cache-Control', 'public, max-age=3600');
    sendHtml(response, HttpStatus.OK, termsPage());
  }

  @Public()
  @Get('privacy')
  privacy(@Res() response: Response): void {
    response.setHeader('Cache-Control', 'public, max-age=3600');
    sendHtml(response, HttpStatus.OK, privacyPage());
  }

  /** Content-hashed URLs (see assets.ts): cached for a year, never revalidated. */
  @Public()
  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: Response): void {
    const found = assetByFile(file);
    if (!found) {
      response.status(HttpStatus.NOT_FOUND).type('text/plain').send('Not found');
      return;
    }
    response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    response.status(HttpStatus.OK).type(found.contentType).send(found.body);
  }

  /**
   * For clients that ask for /favicon.ico without reading the page's `<link rel="icon">`: the
   * same SVG, answered here rather than redirected, since a permanent redirect to a hashed name
   * would stay in caches after the icon changes. Cached for a day for the same reason.
   */
  @Public()
  @Get('favicon.ico')
  favicon(@Res() response: Response): void {
    response.setHeader('Cache-Control', 'public, max-age=86400');
    response.status(HttpStatus.OK).type(ASSETS.favicon.contentType).send(ASSETS.favicon.body);
  }

  // ---- helpers --------------------------------------------------------------------------

  private resolve(token: string): Promise<InviteLinkForPage | null> {
    return inviteLinkForPage(this.queries, token);
  }

  private invalidLink(response: Response): void {
    sendHtml(response, HttpStatus.NOT_FOUND, invalidLinkPage());
  }


}
