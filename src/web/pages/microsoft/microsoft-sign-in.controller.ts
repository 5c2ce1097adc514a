import { Controller, Get, HttpStatus, Inject, Logger, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { SIGNUP_REFUSALS, SignupRefusals } from '../../../shared/application/signup-refusals.port';
import { DomainError } from '../../../shared/domain/domain-error';
import { httpStatusOf } from '../../../shared/http/domain-error.filter';
import { RateLimit } from '../../../shared/http/rate-limit/rate-limit.guard';
import { clientIp } from '../../../shared/http/rate-limit/rate-limit.policies';
import { inviteLinkForPage } from '../invite-link-for-page';
import { PageErrorFilter } from '../page-error.filter';
import {
  EMPTY_JOIN_VALUES,
  errorPage,
  formExpiredPage,
  invalidLinkPage,
  joinPage,
  signInPage,
} from '../views';
import { CsrfService } from '../../../shared/http/security/csrf';
import { noStore } from '../../../shared/http/security/security-headers';
import { Public } from '../../../shared/http/public.decorator';
import { SESSION_COOKIE, SessionService } from '../../../modules/accounts/auth/session.service';
import { MICROSOFT_FLOW_COOKIE, MICROSOFT_FLOW_TTL_MS, MicrosoftFlowPurpose, MicrosoftFlowStore } from '../../../modules/microsoft-sign-in/application/microsoft-flow.store';
import {
  MICROSOFT_CALLBACK_PATH,
  MICROSOFT_OIDC_CLIENT,
  MicrosoftOidcClient,
  MicrosoftSignInError,
  sameString,
} from '../../../modules/microsoft-sign-in/application/microsoft-oidc.client';
import { MicrosoftSignIn, MICROSOFT_NO_ACCOUNT_MESSAGE } from '../../../modules/microsoft-sign-in/use-cases/sign-in-with-microsoft/sign-in-with-microsoft.service';
import { MicrosoftSignup } from '../../../modules/microsoft-sign-in/use-cases/sign-up-with-microsoft/sign-up-with-microsoft.service';

/** No sign-in in progress for this browser (no flow, expired, already used): nothing to go back to. */
export const MICROSOFT_FLOW_FAILED_MESSAGE =
  'Microsoft sign-in could not be completed. Start again from your invite link or the sign-in page.';
/** A sign-in in progress failed at Microsoft or in the checks of its answer: shown where it started. */
export const MICROSOFT_TRY_AGAIN_MESSAGE = 'Microsoft sign-in could not be completed. Please try again.';
export const MICROSOFT_CANCELLED_MESSAGE = 'Sign-in was cancelled at Microsoft.';
/** A bound of the flow store is reached (429): nobody else's sign-in was cancelled to make room. */
export const microsoftBusyMessage = (bound: 'client' | 'total', retryAfterSeconds: number): string => {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  const wait = `Please try again in ${minutes === 1 ? 'a minute' : `${minutes} minutes`}.`;
  return bound === 'client'
    ? `Too many Microsoft sign-ins are in progress from your network right now. ${wait}`
    : `Too many Microsoft sign-ins are in progress right now. ${wait}`;
};

const PAGE_TITLE = 'Microsoft sign-in';

/**
 * "Continue with Microsoft" on the join page and "Sign in with Microsoft" on /sign-in (docs/http-api.md, Microsoft sign-in):
 * the form post starts an authorization code flow (PKCE, state, nonce) whose checks stay on the
 * server, the callback finishes it, then creates the account (signup) or starts a session for
 * the account of that `(tid, oid)` (sign-in). A refusal is shown on the page the flow started
 * from, in plain words. Without MICROSOFT_CLIENT_ID every route answers 404.
 *
 * A page, so it lives with the pages; the protocol (flows, OIDC client) and the two use cases
 * are the microsoft-sign-in module's, which exports them.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller()
export class MicrosoftSignInController {
  private readonly logger = new Logger(MicrosoftSignInController.name);
  private readonly secure: boolean;

  constructor(
    @Inject(MICROSOFT_OIDC_CLIENT) private readonly client: MicrosoftOidcClient | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly flows: MicrosoftFlowStore,
    private readonly signup: MicrosoftSignup,
    private readonly signIn: MicrosoftSignIn,
    private readonly queries: QueryBus,
    private readonly csrf: CsrfService,
    private readonly sessions: SessionService,
    @Inject(SIGNUP_REFUSALS) private readonly signupRefusals: SignupRefusals,
  ) {
    this.secure = config.publicBaseUrl.startsWith('https://');
  }

  @Public()
  @RateLimit('microsoft-start', { signupAttempt: true })
  @Post('join/:token/microsoft')
  async startSignup(@Param('token') token: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    noStore(response);
    if (!this.client) return this.notFound(response);
    if (!this.csrf.verify(request)) return this.html(response, HttpStatus.FORBIDDEN, formExpiredPage());
    const link = await this.signup.findLink(token);
    if (!link) return this.html(response, HttpStatus.NOT_FOUND, invalidLinkPage());
    await this.start({ kind: 'signup', ...link, token }, request, response);
  }

  @Public()
  @RateLimit('microsoft-start')
  @Post('sign-in/microsoft')
  async startSignIn(@Req() request: Request, @Res() response: Response): Promise<void> {
    noStore(response);
    if (!this.client) return this.notFound(response);
    if (!this.csrf.verify(request)) return this.html(response, HttpStatus.FORBIDDEN, formExpiredPage());
    await this.start({ kind: 'sign-in' }, request, response);
  }

  @Public()
  @Get(MICROSOFT_CALLBACK_PATH.slice(1))
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    noStore(response);
    if (!this.client) return this.notFound(response);
    const flowId = flowIdOf(request);
    const pending = this.flows.peek(flowId);
    const refuse = (purpose: MicrosoftFlowPurpose, status: number, message: string) =>
      this.refuse(purpose, status, message, request, response);
    // The cookie goes along with any top-level GET, from any site (SameSite=Lax): only an answer
    // carrying this flow's state may act on it, an error answer included. Anything else leaves
    // the flow in place for the real answer from Microsoft.
    const state = request.query.state;
    if (pending && !(typeof state === 'string' && sameString(state, pending.state))) {
      this.logger.warn('Microsoft callback with a state that is not the one of this browser; its sign-in is kept');
      return refuse(pending.purpose, HttpStatus.BAD_REQUEST, MICROSOFT_TRY_AGAIN_MESSAGE);
    }
    // Taken out exactly once, whatever happens next: a replayed callback finds nothing.
    const flow = this.flows.take(flowId);
    response.clearCookie(MICROSOFT_FLOW_COOKIE, this.flowCookieOptions());
    if (!flow) return this.html(response, HttpStatus.BAD_REQUEST, errorPage(PAGE_TITLE, MICROSOFT_FLOW_FAILED_MESSAGE));
    const purpose = flow.purpose;

    if (request.query.error !== undefined) {
      const cancelled = request.query.error === 'access_denied';
      return refuse(purpose, HttpStatus.BAD_REQUEST, cancelled ? MICROSOFT_CANCELLED_MESSAGE : MICROSOFT_TRY_AGAIN_MESSAGE);
    }
    let identity;
    try {
      identity = await this.client.completeAuthorization(`${this.config.publicBaseUrl}${request.originalUrl}`, flow);
    } catch (error) {
      if (!(error instanceof MicrosoftSignInError)) throw error;
      this.logger.warn(`Microsoft sign-in refused (${error.code}): ${error.message}`);
      const status = error.code === 'discovery_failed' ? HttpStatus.BAD_GATEWAY : HttpStatus.BAD_REQUEST;
      return refuse(purpose, status, MICROSOFT_TRY_AGAIN_MESSAGE);
    }

    if (purpose.kind === 'sign-in') {
      const session = await this.signIn.signIn(identity);
      if (!session) return refuse(purpose, HttpStatus.UNAUTHORIZED, MICROSOFT_NO_ACCOUNT_MESSAGE);
      return this.landInProduct(response, session.sessionToken);
    }
    try {
      const result = await this.signup.signUp(purpose, identity, correlationIdOf(request));
      this.landInProduct(response, result.sessionToken);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.kind === 'not_found') return this.html(response, HttpStatus.NOT_FOUND, invalidLinkPage());
      return refuse(purpose, httpStatusOf(error.kind), error.message);
    }
  }

  private async start(purpose: MicrosoftFlowPurpose, request: Request, response: Response): Promise<void> {
    let started;
    try {
      started = await this.client!.beginAuthorization();
    } catch (error) {
      if (!(error instanceof MicrosoftSignInError)) throw error;
      this.logger.warn(`Microsoft sign-in could not start (${error.code}): ${error.message}`);
      return this.refuse(purpose, HttpStatus.BAD_GATEWAY, MICROSOFT_TRY_AGAIN_MESSAGE, request, response);
    }
    const { url, state, nonce, codeVerifier } = started;
    // A new start from the same browser replaces its own flow in progress (named by its cookie).
    const stored = this.flows.put(
      { state, nonce, codeVerifier, purpose, startedAt: Date.now() },
      { clientIp: clientIp(request), previousId: flowIdOf(request) },
    );
    if (!stored.started) {
      // The flow store's bounds answer 429 like a rate limit: for a signup, that is how it is counted.
      if (purpose.kind === 'signup') this.signupRefusals.record('rate_limited');
      response.clearCookie(MICROSOFT_FLOW_COOKIE, this.flowCookieOptions());
      response.setHeader('Retry-After', String(stored.retryAfterSeconds));
      const message = microsoftBusyMessage(stored.bound, stored.retryAfterSeconds);
      return this.refuse(purpose, HttpStatus.TOO_MANY_REQUESTS, message, request, response);
    }
    response.cookie(MICROSOFT_FLOW_COOKIE, stored.id, { ...this.flowCookieOptions(), maxAge: MICROSOFT_FLOW_TTL_MS });
    response.redirect(HttpStatus.SEE_OTHER, url.href);
  }

  private landInProduct(response: Response, sessionToken: string): void {
    response.cookie(SESSION_COOKIE, sessionToken, this.sessions.cookieOptions());
    response.redirect(HttpStatus.SEE_OTHER, '/app');
  }

  /** The page the flow started from, again, with the reason at the top (issue 5: "in plain words"). */
  private async refuse(
    purpose: MicrosoftFlowPurpose,
    status: number,
    message: string,
    request: Request,
    response: Response,
  ): Promise<void> {
    const csrfToken = this.csrf.tokenFor(request, response);
    if (purpose.kind === 'sign-in') {
      return this.html(response, status, signInPage({ csrfToken, email: '', microsoft: true, microsoftError: message }));
    }
    const link = await inviteLinkForPage(this.queries, purpose.token);
    // The link stopped working meanwhile: R16 says so, whatever else went wrong.
    if (!link) return this.html(response, HttpStatus.NOT_FOUND, invalidLinkPage());
    this.html(
      response,
      status,
      joinPage({
        token: purpose.token,
        organizationName: link.organizationName,
        microsoft: link.signupMethods.includes('microsoft'),
        csrfToken,
        values: EMPTY_JOIN_VALUES,
        errors: { form: [message] },
      }),
    );
  }

  /**
   * Sent back to us by a top-level GET from Microsoft: SameSite=Lax is enough (response_mode=query).
   * Path `/`, so that the start routes see it too and a new start replaces the browser's own flow.
   */
  private flowCookieOptions(): CookieOptions {
    return { httpOnly: true, secure: this.secure, sameSite: 'lax', path: '/' };
  }

  private notFound(response: Response): void {
    this.html(response, HttpStatus.NOT_FOUND, errorPage('Not found', 'This page does not exist.'));
  }

  private html(response: Response, status: number, body: string): void {
    response.status(status).type('html').send(body);
  }
}

function flowIdOf(request: Request): unknown {
  return (request.cookies as Record<string, unknown> | undefined)?.[MICROSOFT_FLOW_COOKIE];
}

function correlationIdOf(request: Request): string {
  const id = (request as Request & { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : randomUUID();
}
