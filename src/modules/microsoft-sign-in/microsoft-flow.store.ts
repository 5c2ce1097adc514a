import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { MicrosoftAuthorizationChecks } from './microsoft-oidc.client';

/** The cookie that names a browser's Microsoft sign-in in progress (a random id, nothing else). */
export const MICROSOFT_FLOW_COOKIE = 'ms_flow';
export const MICROSOFT_FLOW_TTL_MS = 10 * 60_000;
const MAX_FLOWS = 10_000;

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

/**
 * Server-side store of Microsoft sign-ins in progress, keyed by a random id that the browser
 * holds in the HttpOnly `ms_flow` cookie. A flow can be taken out exactly once, and only within
 * MICROSOFT_FLOW_TTL_MS, so a replayed or late callback finds nothing.
 *
 * In memory, per process: with several instances behind a load balancer this needs sticky
 * sessions, or a shared store (e.g. the read-model database with a TTL index) in its place.
 */
@Injectable()
export class MicrosoftFlowStore {
  private readonly flows = new Map<string, MicrosoftFlow>();

  /** Keeps the flow; returns the id for the cookie. */
  put(flow: MicrosoftFlow, now = Date.now()): string {
    this.sweep(now);
    // Bounded: an anonymous caller must not be able to grow this map without limit.
    if (this.flows.size >= MAX_FLOWS) {
      const oldest = this.flows.keys().next();
      if (!oldest.done) this.flows.delete(oldest.value);
    }
    const id = randomBytes(32).toString('base64url');
    this.flows.set(id, flow);
    return id;
  }

  /** The flow of this id, removed from the store; null when unknown, already taken or expired. */
  take(id: unknown, now = Date.now()): MicrosoftFlow | null {
    if (typeof id !== 'string' || !id) return null;
    const flow = this.flows.get(id);
    if (!flow) return null;
    this.flows.delete(id);
    return now - flow.startedAt <= MICROSOFT_FLOW_TTL_MS ? flow : null;
  }

  /** Insertion order is start order: drop expired flows from the front. */
  private sweep(now: number): void {
    for (const [id, flow] of this.flows) {
      if (now - flow.startedAt <= MICROSOFT_FLOW_TTL_MS) break;
      this.flows.delete(id);
    }
  }
}
