import { Inject, Injectable } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';

/** The per-browser random value the form tokens are bound to. */
export const CSRF_COOKIE = 'csrf';
/** Name of the hidden form field that carries the token. */
export const CSRF_FIELD = '_csrf';
/** Header that carries the token on the pages' own API calls (fetch), see `verifyHeader`. */
export const CSRF_HEADER = 'X-CSRF-Token';
/** A form older than this is refused as expired (the page just needs a reload). */
export const CSRF_TOKEN_TTL_MS = 12 * 3600 * 1000;

const BROWSER_ID = /^[A-Za-z0-9_-]{43}$/;
const TOKEN = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/;
const ALLOWED_FETCH_SITES = new Set(['same-origin', 'none']);

/**
 * Signed double-submit CSRF tokens. Each browser gets a random `csrf` cookie (HttpOnly,
 * SameSite=Lax, Secure over https); every form carries `issuedAt.HMAC(SESSION_SECRET,
 * browserId, issuedAt)` in a hidden field. A post is accepted only when the field matches the
 * cookie of the same browser, is younger than CSRF_TOKEN_TTL_MS and, where the browser says
 * where the request comes from (`Origin`, `Sec-Fetch-Site`), it comes from this site.
 */
@Injectable()
export class CsrfService {
  private readonly key: Buffer;
  private readonly secure: boolean;
  private readonly publicOrigin: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // A key of its own, derived from SESSION_SECRET, so a CSRF token is never a valid session MAC.
    this.key = createHmac('sha256', config.sessionSecret).update('csrf-token-key/v1').digest();
    this.secure = config.publicBaseUrl.startsWith('https://');
    this.publicOrigin = new URL(config.publicBaseUrl).origin;
  }

  /** The browser id from the cookie, creating (and setting) one when there is none. */
  browserId(request: Request, response: Response): string {
    const existing = this.cookieOf(request);
    if (existing) return existing;
    const created = randomBytes(32).toString('base64url');
    response.cookie(CSRF_COOKIE, created, this.cookieOptions());
    return created;
  }

  /** A fresh token for the forms of the page being rendered. */
  tokenFor(request: Request, response: Response, now = Date.now()): string {
    const issuedAt = now.toString(36);
    return `${issuedAt}.${this.mac(this.browserId(request, response), issuedAt)}`;
  }

  /** True when the post carries a valid token for this browser and comes from this site. */
  verify(request: Request, now = Date.now()): boolean {
    const body = request.body as Record<string, unknown> | undefined;
    return this.check(request, body && typeof body === 'object' ? body[CSRF_FIELD] : undefined, now);
  }

  /**
   * The same check for a script's API call: the token (from the page's
   * `<meta name="csrf-token">`) comes in the X-CSRF-Token header. A cross-site page can
   * neither read the token nor set that header without a CORS preflight, which is never granted.
   */
  verifyHeader(request: Request, now = Date.now()): boolean {
    return this.check(request, request.get(CSRF_HEADER), now);
  }

  private check(request: Request, submitted: unknown, now: number): boolean {
    if (!this.sameSite(request)) return false;
    const browserId = this.cookieOf(request);
    if (!browserId || typeof submitted !== 'string') return false;
    const match = TOKEN.exec(submitted);
    if (!match) return false;
    const issuedAt = parseInt(match[1], 36);
    if (!Number.isSafeInteger(issuedAt) || issuedAt > now + 60_000 || now - issuedAt > CSRF_TOKEN_TTL_MS) return false;
    const expected = Buffer.from(this.mac(browserId, match[1]));
    const given = Buffer.from(match[2]);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  cookieOptions(): CookieOptions {
    return { httpOnly: true, secure: this.secure, sameSite: 'lax', path: '/' };
  }

  private sameSite(request: Request): boolean {
    const fetchSite = request.get('sec-fetch-site');
    if (fetchSite !== undefined && !ALLOWED_FETCH_SITES.has(fetchSite.toLowerCase())) return false;
    const origin = request.get('origin');
    if (origin === undefined) return true;
    // Every page here sends `Referrer-Policy: no-referrer`, and under that policy browsers
    // serialize the Origin of a POST or PUT as "null" even from this very origin (Fetch standard,
    // "serializing a request origin"). Then only Sec-Fetch-Site, which no page can forge, may
    // vouch for it. Without it, `Origin: null` (sandboxed frames, privacy redirects) is refused.
    if (origin === 'null') return fetchSite?.toLowerCase() === 'same-origin';
    return origin === this.publicOrigin || origin === `${request.protocol}://${request.get('host') ?? ''}`;
  }

  private cookieOf(request: Request): string | null {
    const value = (request.cookies as Record<string, unknown> | undefined)?.[CSRF_COOKIE];
    return typeof value === 'string' && BROWSER_ID.test(value) ? value : null;
  }

  private mac(browserId: string, issuedAt: string): string {
    return createHmac('sha256', this.key).update(`${browserId}.${issuedAt}`).digest('base64url');
  }
}
