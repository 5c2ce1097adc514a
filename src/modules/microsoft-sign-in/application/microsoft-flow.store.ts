import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { ConfigError } from '../../../config/app-config';
import { MicrosoftAuthorizationChecks } from './microsoft-oidc.client';

/** The cookie that names a browser's Microsoft sign-in in progress (a random id, nothing else). */
export const MICROSOFT_FLOW_COOKIE = 'ms_flow';
export const MICROSOFT_FLOW_TTL_MS = 10 * 60_000;

export interface MicrosoftFlowLimits {
  /** Flows in progress at once from one client address (an IPv6 address counts by its /64). */
  readonly perClient: number;
  /** Flows in progress at once in this process. */
  readonly total: number;
}

export const DEFAULT_MICROSOFT_FLOW_LIMITS: MicrosoftFlowLimits = { perClient: 50, total: 10_000 };

/** Why the browser went to Microsoft: to sign up through an invite link, or to sign in. */
export type MicrosoftFlowPurpose =
  | {
      readonly kind: 'signup';
      readonly tenantId: string;
      /** Decides on return whether the link still accepts it (R22). */
      readonly tokenHash: string;
      /**
       * The invite token itself, only to show the join page again with the reason when the signup
       * is refused. It stays in this process's memory: never in a log, an event or a read model
       * (a shared flow store would have to keep it encrypted, see InviteTokenService).
       */
      readonly token: string;
    }
  | { readonly kind: 'sign-in' };

/** What is kept between the redirect to Microsoft and the callback: never sent to the browser. */
export interface MicrosoftFlow extends MicrosoftAuthorizationChecks {
  readonly purpose: MicrosoftFlowPurpose;
  /** Epoch ms. */
  readonly startedAt: number;
}

export type MicrosoftFlowStart =
  | { readonly started: true; readonly id: string }
  /** A bound is reached: nothing was stored and no other flow was touched. */
  | { readonly started: false; readonly bound: 'client' | 'total'; readonly retryAfterSeconds: number };

interface Entry {
  readonly flow: MicrosoftFlow;
  readonly client: string;
}

/**
 * Server-side store of Microsoft sign-ins in progress, keyed by a random id that the browser
 * holds in the HttpOnly `ms_flow` cookie. A flow can be taken out exactly once, and only within
 * MICROSOFT_FLOW_TTL_MS, so a replayed or late callback finds nothing.
 *
 * Bounded so that no caller can push out the flows of others: a browser holds one flow (a new
 * start replaces its own previous one), a client address holds at most `perClient`, the process
 * at most `total`; past a bound a new start is refused, never made room for by evicting.
 *
 * In memory, per process: with several instances behind a load balancer this needs sticky
 * sessions, or a shared store (e.g. the read-model database with a TTL index) in its place.
 */
@Injectable()
export class MicrosoftFlowStore {
  private readonly flows = new Map<string, Entry>();
  /** Per client key, the ids of its flows in start order. */
  private readonly byClient = new Map<string, Set<string>>();

  constructor(private readonly limits: MicrosoftFlowLimits = DEFAULT_MICROSOFT_FLOW_LIMITS) {}

  /**
   * Keeps the flow, replacing the flow `previousId` names (the browser's own, from its cookie).
   * Returns the id for the cookie, or why it was refused.
   */
  put(flow: MicrosoftFlow, origin: { clientIp: string; previousId?: unknown }, now = Date.now()): MicrosoftFlowStart {
    this.sweep(now);
    const client = clientKey(origin.clientIp);
    // Only the browser holding the id can name it: replacing cannot cancel someone else's flow.
    if (typeof origin.previousId === 'string' && this.flows.has(origin.previousId)) this.remove(origin.previousId);
    const own = this.byClient.get(client);
    if (own && own.size >= this.limits.perClient) {
      return { started: false, bound: 'client', retryAfterSeconds: this.retryAfter(own.values().next().value, now) };
    }
    if (this.flows.size >= this.limits.total) {
      return { started: false, bound: 'total', retryAfterSeconds: this.retryAfter(this.flows.keys().next().value, now) };
    }
    const id = randomBytes(32).toString('base64url');
    this.flows.set(id, { flow, client });
    if (own) own.add(id);
    else this.byClient.set(client, new Set([id]));
    return { started: true, id };
  }

  /** The flow of this id, still in the store (for checks that must not use it up); null when none or expired. */
  peek(id: unknown, now = Date.now()): MicrosoftFlow | null {
    if (typeof id !== 'string' || !id) return null;
    const entry = this.flows.get(id);
    return entry && now - entry.flow.startedAt <= MICROSOFT_FLOW_TTL_MS ? entry.flow : null;
  }

  /** The flow of this id, removed from the store; null when unknown, already taken or expired. */
  take(id: unknown, now = Date.now()): MicrosoftFlow | null {
    if (typeof id !== 'string' || !id) return null;
    const entry = this.flows.get(id);
    if (!entry) return null;
    this.remove(id);
    return now - entry.flow.startedAt <= MICROSOFT_FLOW_TTL_MS ? entry.flow : null;
  }

  /** Flows in progress (for tests and metrics). */
  get size(): number {
    return this.flows.size;
  }

  private remove(id: string): void {
    const entry = this.flows.get(id);
    if (!entry) return;
    this.flows.delete(id);
    const own = this.byClient.get(entry.client);
    own?.delete(id);
    if (own?.size === 0) this.byClient.delete(entry.client);
  }

  /** Seconds until the flow of this id (the oldest that counts) expires and frees its place. */
  private retryAfter(id: string | undefined, now: number): number {
    const startedAt = (id && this.flows.get(id)?.flow.startedAt) || now;
    return Math.max(1, Math.ceil((startedAt + MICROSOFT_FLOW_TTL_MS - now) / 1000));
  }

  /** Insertion order is start order: drop expired flows from the front. */
  private sweep(now: number): void {
    for (const [id, entry] of this.flows) {
      if (now - entry.flow.startedAt <= MICROSOFT_FLOW_TTL_MS) break;
      this.remove(id);
    }
  }
}

/**
 * The client a flow is counted against: its address, or for IPv6 its /64 (one subscriber's
 * network), since a single host can take any number of addresses in it.
 */
export function clientKey(ip: string): string {
  const address = ip.startsWith('::ffff:') && !isIPv6(ip.slice(7)) ? ip.slice(7) : ip;
  if (!isIPv6(address)) return address;
  const [head, tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group || '0', 16).toString(16))
    .join(':')}::/64`;
}

/** MICROSOFT_FLOWS_PER_CLIENT and MICROSOFT_FLOWS_TOTAL (positive integers), read once at start. */
export function microsoftFlowLimitsFrom(env: Record<string, string | undefined>): MicrosoftFlowLimits {
  const read = (name: string, fallback: number): number => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new ConfigError(name, `must be a positive integer (got "${raw}")`);
    return Number(raw);
  };
  return {
    perClient: read('MICROSOFT_FLOWS_PER_CLIENT', DEFAULT_MICROSOFT_FLOW_LIMITS.perClient),
    total: read('MICROSOFT_FLOWS_TOTAL', DEFAULT_MICROSOFT_FLOW_LIMITS.total),
  };
}
