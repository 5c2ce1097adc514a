import { httpStatusOf } from '../../web/http/domain-error.filter';
import { Controller, Get, HttpStatus, Inject, Logger, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DomainError } from '../../shared/domain/domain-error';
import { RateLimit } from '../../web/http/rate-limit/rate-limit.guard';
import { PageErrorFilter } from '../../web/pages/page-error.filter';
import { errorPage, formExpiredPage, invalidLinkPage } from '../../web/pages/views';
import { CsrfService } from '../../web/security/csrf';
import { noStore } from '../../web/security/security-headers';
import { Public } from '../accounts/auth/public.decorator';
import { SESSION_COOKIE, SessionService } from '../accounts/auth/session.service';
import { MICROSOFT_FLOW_COOKIE, MICROSOFT_FLOW_TTL_MS, MicrosoftFlowStore } from './microsoft-flow.store';
import { MicrosoftOidcClient, MicrosoftSignInError } from './microsoft-oidc.client';
import { MicrosoftSignup } from './microsoft-signup.service';

/** DI token: the configured MicrosoftOidcClient, or null when MICROSOFT_CLIENT_ID is unset. */
export const MICROSOFT_OIDC_CLIENT = Symbol('MICROSOFT_OIDC_CLIENT');

export const MICROSOFT_CALLBACK_PATH = '/auth/microsoft/callback';
export const MICROSOFT_FLOW_FAILED_MESSAGE =
  'Microsoft sign-in could not be completed. Start again from your invite link.';
export const MICROSOFT_CANCELLED_MESSAGE = 'Sign-in was cancelled at Microsoft.';

const PAGE_TITLE = 'Microsoft sign-in';


/**
 * "Continue with Microsoft" on the join page (SPEC §6): the form post starts an authorization
 * code flow (PKCE, state, nonce) whose checks stay on the server, the callback finishes it and
 * creates the account. Without MICROSOFT_CLIENT_ID both routes answer 404.
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
    private readonly csrf: CsrfService,
    private readonly sessions: SessionService,
  ) {
    this.secure = config.publicBaseUrl.startsWith('https://');
  }

  @Public()
  @RateLimit('signup')
  @Post('join/:token/microsoft')
  async start(@Param('token') token: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    noStore(response);
    if (!this.client) return this.notFound(response);
    if (!this.csrf.verify(request)) return this.html(response, HttpStatus.FORBIDDEN, formExpiredPage());
    const link = await this.signup.findLink(token);
    if (!link) return this.html(response, HttpStatus.NOT_FOUND, invalidLinkPage());
    let started;
    try {
      started = await this.client.beginAuthorization();
    } catch (error) {
      if (!(error instanceof MicrosoftSignInError)) throw error;
      this.logger.warn(`Microsoft sign-in could not start (${error.code}): ${error.message}`);
      return this.failed(response, HttpStatus.BAD_GATEWAY, MICROSOFT_FLOW_FAILED_MESSAGE);
    }
    const { url, state, nonce, codeVerifier } = started;
    const id = this.flows.put({ state, nonce, codeVerifier, ...link, startedAt: Date.now() });
    response.cookie(MICROSOFT_FLOW_COOKIE, id, { ...this.flowCookieOptions(), maxAge: MICROSOFT_FLOW_TTL_MS });
    response.redirect(HttpStatus.SEE_OTHER, url.href);
  }

  @Public()
  @Get(MICROSOFT_CALLBACK_PATH.slice(1))
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    noStore(response);
    if (!this.client) return this.notFound(response);
    // Taken out exactly once, whatever happens next: a replayed callback finds nothing.
    const flow = this.flows.take((request.cookies as Record<string, unknown> | undefined)?.[MICROSOFT_FLOW_COOKIE]);
    response.clearCookie(MICROSOFT_FLOW_COOKIE, this.flowCookieOptions());
    if (!flow) return this.failed(response, HttpStatus.BAD_REQUEST, MICROSOFT_FLOW_FAILED_MESSAGE);
    if (request.query.error !== undefined) {
      const cancelled = request.query.error === 'access_denied';
      return this.failed(response, HttpStatus.BAD_REQUEST, cancelled ? MICROSOFT_CANCELLED_MESSAGE : MICROSOFT_FLOW_FAILED_MESSAGE);
    }
    let identity;
    try {
      identity = await this.client.completeAuthorization(`${this.config.publicBaseUrl}${request.originalUrl}`, flow);
    } catch (error) {
      if (!(error instanceof MicrosoftSignInError)) throw error;
      this.logger.warn(`Microsoft sign-in refused (${error.code}): ${error.message}`);
      const status = error.code === 'discovery_failed' ? HttpStatus.BAD_GATEWAY : HttpStatus.BAD_REQUEST;
      return this.failed(response, status, MICROSOFT_FLOW_FAILED_MESSAGE);
    }
    try {
      const result = await this.signup.signUp(flow, identity, correlationIdOf(request));
      response.cookie(SESSION_COOKIE, result.sessionToken, this.sessions.cookieOptions());
      response.redirect(HttpStatus.SEE_OTHER, '/app');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.kind === 'not_found') return this.html(response, HttpStatus.NOT_FOUND, invalidLinkPage());
      return this.failed(response, httpStatusOf(error.kind), error.message);
    }
  }

  /** Sent back to us by a top-level GET from Microsoft: SameSite=Lax is enough (response_mode=query). */
  private flowCookieOptions(): CookieOptions {
    return { httpOnly: true, secure: this.secure, sameSite: 'lax', path: '/auth/microsoft' };
  }

  private failed(response: Response, status: number, message: string): void {
    this.html(response, status, errorPage(PAGE_TITLE, message));
  }

  private notFound(response: Response): void {
    this.html(response, HttpStatus.NOT_FOUND, errorPage('Not found', 'This page does not exist.'));
  }

  private html(response: Response, status: number, body: string): void {
    response.status(status).type('html').send(body);
  }
}

function correlationIdOf(request: Request): string {
  const id = (request as Request & { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : randomUUID();
}
