import { createHash } from 'node:crypto';
import type { Request } from 'express';

/**
 * Named rate-limit policies. A request passes a policy only if it passes every rule of it; each
 * rule counts requests per key (client IP, link token, ...) in a fixed window.
 *
 * - `signup`: self-signups through an invite link, per client IP and per link token;
 * - `invite-lookup`: public look-ups of an invite link, per client IP;
 * - `sign-in`: password sign-ins, per client IP and email;
 * - `microsoft-start`: starts of a Microsoft sign-in (from the join page or /sign-in), per client
 *   IP alone: those forms have no email, and a per-link counter would let anyone exhaust a link;
 * - `verification-resend`: "send the verification mail again", per client IP and per email, so
 *   nobody can flood an inbox (the registration also caps its resends);
 * - `verification-confirm`: confirmations of email verification codes, per client IP.
 */
export type RateLimitPolicyName =
  | 'signup'
  | 'invite-lookup'
  | 'sign-in'
  | 'microsoft-start'
  | 'verification-resend'
  | 'verification-confirm';

export interface RateLimitRule {
  /** Stable; prefixes the counters' keys. */
  readonly name: string;
  /** Environment variable that sets `points`. */
  readonly variable: string;
  /** Requests allowed per window and key. */
  readonly points: number;
  /** The counter's key for this request; null = the rule does not apply. */
  readonly key: (request: Request) => string | null;
}

/** Express's `req.ip`: the socket address, or X-Forwarded-For from a trusted proxy (loopback). */
export const clientIp = (request: Request): string => request.ip ?? request.socket?.remoteAddress ?? 'unknown';

/** Tokens are secrets: counters are keyed by a hash (memory only, never logged or stored). */
const linkKey = (request: Request): string | null => {
  const token = (request.params as Record<string, string | undefined> | undefined)?.token;
  return typeof token === 'string' ? createHash('sha256').update(token).digest('base64url') : null;
};

const emailOf = (request: Request): string => {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 320) : '';
};

export const DEFAULT_WINDOW_SECONDS = 60;

/**
 * Rules with their default limits; RateLimits applies the environment's overrides. The defaults
 * let a whole office behind one NAT address onboard through one link within a minute, while a
 * script hammering from one address is stopped within a few seconds.
 */
export const RATE_LIMIT_POLICIES: Readonly<Record<RateLimitPolicyName, readonly RateLimitRule[]>> = {
  signup: [
    { name: 'signup-ip', variable: 'RATE_LIMIT_SIGNUP_PER_IP', points: 100, key: clientIp },
    { name: 'signup-link', variable: 'RATE_LIMIT_SIGNUP_PER_LINK', points: 1000, key: linkKey },
  ],
  'invite-lookup': [{ name: 'lookup-ip', variable: 'RATE_LIMIT_LOOKUP_PER_IP', points: 300, key: clientIp }],
  'sign-in': [
    {
      name: 'sign-in-ip-email',
      variable: 'RATE_LIMIT_SIGN_IN_PER_IP_EMAIL',
      points: 30,
      key: (request) => `${clientIp(request)}|${emailOf(request)}`,
    },
  ],
  'microsoft-start': [
    { name: 'microsoft-start-ip', variable: 'RATE_LIMIT_MICROSOFT_START_PER_IP', points: 60, key: clientIp },
  ],
  'verification-resend': [
    { name: 'resend-ip', variable: 'RATE_LIMIT_RESEND_PER_IP', points: 10, key: clientIp },
    {
      name: 'resend-email',
      variable: 'RATE_LIMIT_RESEND_PER_EMAIL',
      points: 2,
      // Counted by a hash of the address: the counters live in memory and are never logged.
      key: (request) => createHash('sha256').update(emailOf(request)).digest('base64url'),
    },
  ],
  'verification-confirm': [
    { name: 'confirm-ip', variable: 'RATE_LIMIT_VERIFY_PER_IP', points: 30, key: clientIp },
  ],
};
