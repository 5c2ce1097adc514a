import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';
import { EVENT_STORE, EventStore, RecordedEvent } from '../../../../shared/application/event-store.port';
import { upcastEvent } from '../../../../shared/application/event-schema-versions';
import { EventSourcedRepository } from '../../../../shared/application/event-sourced-repository';
import { READ_MODELS, ReadModels, UserName } from '../../../../shared/application/read-models.port';
import { Actor } from '../../../../shared/domain/event';
import { splitSecrets } from '../../../../shared/domain/secret-fields';
import { TenantAccess } from '../../../accounts/auth/tenant-access.service';
import { userDecider, userStream } from '../../../accounts/domain/user.decider';
import { tenantStream } from '../../../tenancy/domain/tenant.events';
import { encodeHistoryCursor, historyCursorKey } from './history-cursor';
import { isHistoryEventType } from './history-event-types';
import { GetInviteLinkHistoryQuery, HistoryFilter, HistoryItem, HistoryPage, HistoryPaging } from './get-invite-link-history.query';

/** Events read from the store per round trip while looking for a page's items. */
const CHUNK = 256;

type PersonActor = Extract<Actor, { id: string }>;
const isPerson = (actor: Actor): actor is PersonActor => 'id' in actor && typeof actor.id === 'string';

/**
 * The history of a tenant's invite link, read from the tenant stream (the write side: it is what
 * the audit chain covers). Pages are cut at stream revisions; the names of the people involved
 * come from the users read model, or from their streams when it has not caught up.
 */
@QueryHandler(GetInviteLinkHistoryQuery)
export class GetInviteLinkHistoryHandler implements IQueryHandler<GetInviteLinkHistoryQuery> {
  private readonly cursorKey: Buffer;

  constructor(
    private readonly access: TenantAccess,
    private readonly repository: EventSourcedRepository,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cursorKey = historyCursorKey(config.tokenSecret);
  }

  async execute({ caller, tenantId, filter, paging }: GetInviteLinkHistoryQuery): Promise<HistoryPage> {
    const tenant = await this.access.requireTenant(caller.principal, tenantId, 'read');
    // One more than asked: whether it exists decides between a cursor and null.
    const found: RecordedEvent[] = [];
    for await (const event of this.scan(tenantStream(tenantId), paging, tenant.revision)) {
      if (!matches(event, filter)) continue;
      found.push(event);
      if (found.length > paging.limit) break;
    }
    const page = found.slice(0, paging.limit);
    const last = page.at(-1);
    const nextCursor =
      found.length > paging.limit && last ? encodeHistoryCursor(this.cursorKey, tenantId, paging.order, last.revision) : null;
    const names = await this.namesOf(page.map((event) => event.metadata.actor));
    return { items: page.map((event) => itemOf(event, names)), nextCursor };
  }

  /**
   * The tenant stream's events after the cursor, in the page's order, read in chunks so that a
   * small page of a long stream reads little. Newest first starts at the revision the access
   * check loaded, so events appended meanwhile wait for the next request.
   */
  private async *scan(stream: string, { order, afterRevision }: HistoryPaging, lastRevision: number): AsyncGenerator<RecordedEvent> {
    if (order === 'asc') {
      let next = afterRevision === undefined ? 0 : afterRevision + 1;
      for (;;) {
        const chunk = await this.store.readStream(stream, { fromRevision: next, maxCount: CHUNK });
        yield* chunk;
        if (chunk.length < CHUNK) return;
        next = chunk[chunk.length - 1].revision + 1;
      }
    }
    let end = Math.min(lastRevision, afterRevision === undefined ? lastRevision : afterRevision - 1);
    while (end >= 0) {
      const start = Math.max(0, end - CHUNK + 1);
      const chunk = await this.store.readStream(stream, { fromRevision: start, maxCount: end - start + 1 });
      for (let i = chunk.length - 1; i >= 0; i--) yield chunk[i];
      end = start - 1;
    }
  }

  /** "First Last <email>" of every person among the actors: one read-model query, then the stragglers' streams. */
  private async namesOf(actors: readonly Actor[]): Promise<ReadonlyMap<string, string>> {
    const ids = [...new Set(actors.filter(isPerson).map((actor) => actor.id))];
    if (ids.length === 0) return new Map();
    const names = new Map((await this.readModels.userNamesByIds(ids)).map((user) => [user.userId, nameOf(user)]));
    for (const id of ids.filter((candidate) => !names.has(candidate))) {
      const { state } = await this.repository.load(userStream(id), userDecider);
      if (state.exists) names.set(id, nameOf(state));
    }
    return names;
  }
}

function matches(event: RecordedEvent, { types, from, to }: HistoryFilter): boolean {
  if (!(types ? types.has(event.type) : isHistoryEventType(event.type))) return false;
  if (from === undefined && to === undefined) return true;
  const at = Date.parse(event.metadata.at);
  return (from === undefined || at >= from) && (to === undefined || at < to);
}

const nameOf = (user: Pick<UserName, 'firstName' | 'lastName' | 'email'>): string =>
  `${[user.firstName, user.lastName].filter(Boolean).join(' ')} <${user.email}>`;

function actorNameOf(actor: Actor, names: ReadonlyMap<string, string>): string {
  if (actor.type === 'operator') return 'Operator';
  if (actor.type === 'system') return 'System';
  // Every person who acted has a user stream; an id without one would mean a damaged store.
  return names.get(actor.id) ?? `Unknown account ${actor.id}`;
}

function itemOf(recorded: RecordedEvent, names: ReadonlyMap<string, string>): HistoryItem {
  const event = upcastEvent(recorded);
  const { actor, at, correlationId } = event.metadata;
  return {
    id: event.id,
    type: event.type,
    at,
    actor,
    actorName: actorNameOf(actor, names),
    data: splitSecrets(event.data).publicData,
    revision: event.revision,
    correlationId,
  };
}
