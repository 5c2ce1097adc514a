import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/app-config';
import type { Actor } from '../../src/shared/domain/event';
import { EVENT_STORE, EventStore } from '../../src/shared/application/event-store.port';
import { READ_MODELS, ReadModels } from '../../src/shared/application/read-models.port';
import { guardEventAppends, storeViolations } from '../support/event-schemas';
import { OpenApiDocument, OpenApiResponseValidator, receivedFrom, validatorFor } from '../support/openapi-responses';
import { aSessionJwt } from '../support/session-tokens';

/**
 * The API-spec tier: given events already in the store → when one HTTP request → then the exact
 * answer and the exact events it appended. The real application runs in this process on a fresh
 * embedded SQLite store for every test, with a clock that stands still, so that a spec can state
 * every event's stream, type, data, actor, instant and correlation id.
 *
 *   const spec = useApiSpec();
 *   it('…', async () => {
 *     await spec.given(mspCreated(mspId), tenantCreated({ tenantId, mspId }));
 *     const outcome = await spec.when.operator.post(`/api/v1/tenants/${tenantId}/roles`, { name: 'Auditor' });
 *     spec.then(outcome, { status: 201, body: {…}, events: [{ stream, type, data, actor }] });
 *   });
 */

/** The instant of every event a request writes: the app's clock does not move in a spec. */
export const NOW = '2026-05-11T09:00:00.000Z';
/** The instant the given events say they were decided (any instant before NOW). */
const GIVEN_AT = '2026-05-10T08:00:00.000Z';
export const OPERATOR_TOKEN = `op-${'o'.repeat(40)}`;
export const PUBLIC_BASE_URL = 'http://invites.test';
const SESSION_SECRET = randomBytes(32).toString('base64url');
/** Known to the spec so that given invite links can carry real token material (see events.ts). */
export const TOKEN_SECRET = randomBytes(32).toString('base64url');

/** An event to put in the store before the request. The actor defaults to the operator. */
export interface GivenEvent {
  readonly stream: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly actor?: Actor;
  /** The payload's schema version as stored (docs/events); 1 unless a spec states an older shape. */
  readonly schemaVersion?: number;
}

/** An event the request appended, as a spec states it. */
export interface NewEvent {
  readonly stream: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly actor: Actor;
}

export interface Outcome {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
  /** The X-Request-Id the request was sent with: every event it writes carries it. */
  readonly requestId: string;
  /** Every event appended while the request ran, in global order, with its full metadata. */
  readonly appended: readonly (NewEvent & { readonly at: string; readonly correlationId: string })[];
}

type Body = string | object;

/** One kind of caller; each method sends one request and collects its outcome. */
export interface Caller {
  get(path: string): Promise<Outcome>;
  post(path: string, body?: Body): Promise<Outcome>;
  put(path: string, body?: Body): Promise<Outcome>;
  delete(path: string): Promise<Outcome>;
}

export interface Expected {
  readonly status: number;
  readonly body: unknown;
  /** Exactly the events appended, in order; `[]` when the request must record nothing. */
  readonly events: readonly NewEvent[];
}

export interface ApiSpec {
  /** Appends the events through the EventStore port and waits until the read models show them. */
  given(...events: (GivenEvent | readonly GivenEvent[])[]): Promise<void>;
  readonly when: {
    readonly operator: Caller;
    readonly anonymous: Caller;
    /** A caller holding a valid session of this user id (the account must exist in the givens). */
    as(userId: string): Caller;
  };
  /**
   * The answer (status and body) and the appended events are exactly as expected; every
   * appended event was decided at NOW and carries the request's id as its correlation id.
   */
  then(outcome: Outcome, expected: Expected): void;
}

class SpecApp {
  private constructor(
    private readonly app: INestApplication,
    private readonly store: EventStore,
    private readonly readModels: ReadModels,
    private readonly dataDir: string,
    /** Events that do not match docs/events: the request's append was refused (a 500), and the spec fails. */
    private readonly schemaViolations: string[],
    /** The OpenAPI document the app serves: every answer must match it (test/support/openapi-responses.ts). */
    private readonly responses: OpenApiResponseValidator,
    private readonly responseViolations: string[] = [],
  ) {}

  static async start(): Promise<SpecApp> {
    const dataDir = mkdtempSync(join(tmpdir(), 'invite-links-api-spec-'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      PUBLIC_BASE_URL,
      OPERATOR_TOKEN,
      SESSION_SECRET,
      TOKEN_SECRET,
      SEED_DEMO: 'false',
      // The audit checkpointer appends on its own schedule: its events are no request's.
      AUDIT_CHECKPOINTS: 'off',
      LOG_LEVEL: 'silent',
    });
    const app = await createApp(config, { clock: { now: () => new Date(NOW) } });
    await app.init();
    const store = app.get<EventStore>(EVENT_STORE);
    const schemaViolations: string[] = [];
    guardEventAppends(store, (violations) => schemaViolations.push(...violations));
    const document = await request(app.getHttpServer()).get('/api/docs-json');
    if (document.status !== 200) throw new Error(`The app serves no OpenAPI document: ${document.status}`);
    const responses = validatorFor(document.body as OpenApiDocument);
    return new SpecApp(app, store, app.get<ReadModels>(READ_MODELS), dataDir, schemaViolations, responses);
  }

  async given(events: readonly GivenEvent[]): Promise<void> {
    let position: number | undefined;
    for (const event of events) {
      const metadata = {
        actor: event.actor ?? { type: 'operator' as const },
        at: GIVEN_AT,
        correlationId: 'given',
        schemaVersion: event.schemaVersion ?? 1,
      };
      ({ position } = await this.store.appendToStream(
        event.stream,
        [{ id: randomUUID(), type: event.type, data: event.data, metadata }],
        { expectedRevision: 'any' },
      ));
    }
    if (position !== undefined) await this.readModels.waitForPosition(position);
  }

  caller(authorization?: string): Caller {
    const send = async (method: 'get' | 'post' | 'put' | 'delete', path: string, body?: Body): Promise<Outcome> => {
      const head = await this.store.headPosition();
      const requestId = `spec-${randomUUID()}`;
      const test = request(this.app.getHttpServer())[method](path).set('X-Request-Id', requestId);
      if (authorization) test.set('Authorization', authorization);
      const response = body === undefined ? await test : await test.send(body);
      this.responseViolations.push(...this.responses.check(receivedFrom(method, path, response)).problems);
      const appended = await this.store.readAll(head === undefined ? {} : { after: head });
      return {
        status: response.status,
        body: response.body as unknown,
        headers: response.headers as Record<string, string>,
        requestId,
        appended: appended.map((event) => ({
          stream: event.streamName,
          type: event.type,
          data: event.data,
          actor: event.metadata.actor,
          at: event.metadata.at,
          correlationId: event.metadata.correlationId,
        })),
      };
    };
    return {
      get: (path) => send('get', path),
      post: (path, body) => send('post', path, body),
      put: (path, body) => send('put', path, body),
      delete: (path) => send('delete', path),
    };
  }

  sessionOf(userId: string): string {
    return aSessionJwt(SESSION_SECRET, { sub: userId });
  }

  /**
   * Closes the app; fails when it wrote, or was asked to write, an event that does not match
   * docs/events, or answered a request otherwise than its OpenAPI document says.
   */
  async close(): Promise<void> {
    let stored: string[];
    try {
      stored = await storeViolations(this.store);
    } finally {
      await this.app.close();
      rmSync(this.dataDir, { recursive: true, force: true });
    }
    const violations = new Set([...this.schemaViolations, ...stored]);
    if (violations.size > 0) throw new Error(`Events that do not match docs/events:\n${[...violations].join('\n')}`);
    if (this.responseViolations.length > 0) {
      throw new Error(`Answers that do not match the OpenAPI document:\n${[...new Set(this.responseViolations)].join('\n')}`);
    }
  }
}

/** A fresh app and store for every test of the enclosing file or describe block. */
export function useApiSpec(): ApiSpec {
  let current: SpecApp | undefined;
  const app = (): SpecApp => {
    if (!current) throw new Error('useApiSpec: the app runs only inside a test');
    return current;
  };
  beforeEach(async () => {
    current = await SpecApp.start();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  const lazyCaller = (authorization: () => string | undefined): Caller => ({
    get: (path) => app().caller(authorization()).get(path),
    post: (path, body) => app().caller(authorization()).post(path, body),
    put: (path, body) => app().caller(authorization()).put(path, body),
    delete: (path) => app().caller(authorization()).delete(path),
  });

  return {
    given: (...events) => app().given(events.flat() as GivenEvent[]),
    when: {
      operator: lazyCaller(() => `Bearer ${OPERATOR_TOKEN}`),
      anonymous: lazyCaller(() => undefined),
      as: (userId) => lazyCaller(() => `Bearer ${app().sessionOf(userId)}`),
    },
    then(outcome, expected) {
      const { appended } = outcome;
      expect({
        status: outcome.status,
        body: outcome.body,
        events: appended.map(({ stream, type, data, actor }) => ({ stream, type, data, actor })),
      }).toEqual({ status: expected.status, body: expected.body, events: expected.events });
      expect(appended.map(({ at, correlationId }) => ({ at, correlationId }))).toEqual(
        appended.map(() => ({ at: NOW, correlationId: outcome.requestId })),
      );
    },
  };
}
