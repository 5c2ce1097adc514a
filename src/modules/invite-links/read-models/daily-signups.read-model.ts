import { RecordedEvent } from '../../../shared/application/event-store.port';
import { DocumentStore } from '../../../shared/application/document-store.port';
import { DailyJoins, ReadModels } from '../../../shared/application/read-models.port';
import { ReadModel } from '../../../shared/application/projection.port';
import { TENANT_ROLES_COLLECTION, TenantRoleDocument, tenantRoleId } from '../../tenancy/read-models/tenant-roles.read-model';
import { TENANTS_COLLECTION, TenantDocument } from '../../tenancy/read-models/tenants.read-model';
import { tenantIdOf } from '../../tenancy/read-models/tenant-of-event';
import { MemberJoinedViaInviteLink } from '../domain/invite-link.events';

export const DAILY_SIGNUPS_COLLECTION = 'daily_signups';

type Method = MemberJoinedViaInviteLink['data']['method'];

/**
 * Joins through one tenant's invite link on one UTC day, by sign-in method and role
 * (id = `${tenantId}:${day}:${method}:${roleId}`). Pre-aggregated because dashboards on stores
 * without `$group`/`$dateToString` (FerretDB) cannot count per day themselves.
 */
export type DailySignupDocument = {
  tenantId: string;
  /** Null, like roleName, only for a history that never created the tenant or role (the service always does first). */
  mspId: string | null;
  /** UTC day of the join's metadata.at, 'YYYY-MM-DD'. */
  day: string;
  method: Method;
  roleId: string;
  roleName: string | null;
  count: number;
};

export const dailySignupId = (tenantId: string, day: string, method: Method, roleId: string) =>
  `${tenantId}:${day}:${method}:${roleId}`;

/** ISO-8601 instants are UTC ('…Z'), so their first ten characters are the UTC day. */
export const utcDayOf = (instant: string) => new Date(instant).toISOString().slice(0, 10);

const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) - 86_400_000).toISOString().slice(0, 10);

async function countJoin(store: DocumentStore, event: RecordedEvent): Promise<void> {
  const data = event.data as MemberJoinedViaInviteLink['data'];
  const tenantId = tenantIdOf(event);
  const day = utcDayOf(event.metadata.at);
  const id = dailySignupId(tenantId, day, data.method, data.roleId);
  const current = await store.get<DailySignupDocument>(DAILY_SIGNUPS_COLLECTION, id);
  // A counter is not idempotent by itself: the position makes it so. An event at or before the
  // one the document last counted was counted already (a replay), so it adds nothing.
  if (current && current.position >= event.position) return;
  if (current) {
    await store.updateIfNewer(DAILY_SIGNUPS_COLLECTION, id, event.position, { count: current.doc.count + 1 });
    return;
  }
  // The tenant and its roles were created by earlier events of the same stream. The names are
  // for reading only, so a gap in a hand-written history leaves them null rather than stall
  // every read model behind a join it cannot name.
  const tenant = await store.get<TenantDocument>(TENANTS_COLLECTION, tenantId);
  const role = await store.get<TenantRoleDocument>(TENANT_ROLES_COLLECTION, tenantRoleId(tenantId, data.roleId));
  const doc: DailySignupDocument = {
    tenantId,
    mspId: tenant?.doc.mspId ?? null,
    day,
    method: data.method,
    roleId: data.roleId,
    roleName: role?.doc.name ?? null,
    count: 1,
  };
  await store.upsertIfNewer(DAILY_SIGNUPS_COLLECTION, id, event.position, doc);
}

/** Signups through invite links per tenant, UTC day, method and role, for usage charts and dashboards. */
export const dailySignupsReadModel: ReadModel<Pick<ReadModels, 'joinsPerDay'>> = {
  collection: DAILY_SIGNUPS_COLLECTION,
  indexes: [
    { collection: DAILY_SIGNUPS_COLLECTION, fields: ['tenantId', 'day'] },
    { collection: DAILY_SIGNUPS_COLLECTION, fields: ['mspId', 'day'] },
  ],
  // `day` is a calendar day, not an instant: it stays text so that it groups and compares as is.
  dateFields: [],

  async apply(event, store) {
    if (event.type === 'MemberJoinedViaInviteLink') await countJoin(store, event);
  },

  queries: (store) => ({
    async joinsPerDay(tenantId, fromDay, toDayExclusive) {
      // The store filters on equality and keyset only: "after the day before fromDay" is the
      // lower bound, served by the (tenantId, day) index. Windows end today, so the rows past
      // the upper bound are at most a day's.
      const found = await store.find<DailySignupDocument>(DAILY_SIGNUPS_COLLECTION, {
        where: { tenantId },
        orderBy: [{ field: 'day', direction: 'asc' }],
        after: [dayBefore(fromDay)],
      });
      return found
        // A role the read model could not name is shown by its id rather than as a blank.
        .map(({ doc }): DailyJoins => ({ day: doc.day, method: doc.method, roleId: doc.roleId, roleName: doc.roleName ?? doc.roleId, count: doc.count }))
        .filter((row) => row.day >= fromDay && row.day < toDayExclusive)
        .sort((a, b) => compare(a.day, b.day) || compare(a.method, b.method) || compare(a.roleId, b.roleId));
    },
  }),
};

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
