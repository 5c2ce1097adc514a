/**
 * Realistic event histories written straight into an embedded event-store file: the adapter's own
 * table (openEventsDatabase), the events the deciders append for the same actions (typed with the
 * domain's event types), one row per event.
 *
 * Rows go in large transactions with `synchronous=OFF`, not through appendToStream: a signup
 * touches four streams, so a million events through the adapter would be a quarter of a million
 * fsynced transactions (minutes) before anything is measured. Generation is not measured.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type Database from 'better-sqlite3';
import { openEventsDatabase } from '../../src/infrastructure/event-store/sqlite/sqlite-events-table';
import { ARGON2_OPTIONS } from '../../src/modules/accounts/application/password-hasher';
import { emailReservationStream } from '../../src/shared/domain/email';
import { EmailReserved, RegistrationCompleted } from '../../src/modules/accounts/domain/email-reservation.decider';
import { UserRegistered, userStream } from '../../src/modules/accounts/domain/user.decider';
import { MspCreated, mspStream } from '../../src/modules/tenancy/domain/msp.decider';
import { BUILT_IN_ROLES } from '../../src/modules/tenancy/domain/roles';
import {
  InviteLinkDefaultRoleChanged,
  InviteLinkEnabled,
  MemberJoinedViaInviteLink,
} from '../../src/modules/invite-links/domain/invite-link.events';
import { TenantCreated, tenantStream } from '../../src/modules/tenancy/domain/tenant.events';
import { Actor, DomainEvent } from '../../src/shared/domain/event';

const ROWS_PER_TRANSACTION = 10_000;

export type GenerationProgress = (written: number, total: number) => void;

/** Where the event builders below put events: straight rows here, appends through the adapter in chained-history.ts. */
export interface HistorySink {
  append(stream: string, event: DomainEvent, actor: Actor): void;
}

class HistoryWriter implements HistorySink {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly revisions = new Map<string, number>();
  private pending: unknown[][] = [];
  written = 0;
  /** Appended so far, flushed or not. */
  appended = 0;
  private clock: number;

  constructor(file: string, startAt = Date.parse('2024-01-01T00:00:00Z')) {
    this.db = openEventsDatabase(file, 5000);
    this.db.pragma('synchronous = OFF');
    this.insert = this.db.prepare(
      'INSERT INTO events (id, stream_name, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.clock = startAt;
  }

  /** Continues a stream that is already in the file. */
  adoptStream(stream: string): void {
    const row = this.db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream_name = ?').get(stream) as {
      revision: number | null;
    };
    if (row.revision !== null) this.revisions.set(stream, row.revision);
  }

  append(stream: string, event: DomainEvent, actor: Actor): void {
    const revision = (this.revisions.get(stream) ?? -1) + 1;
    this.revisions.set(stream, revision);
    this.appended++;
    // A few milliseconds between events, so that `at` and recorded_at look like real traffic.
    this.clock += 3;
    const at = new Date(this.clock).toISOString();
    this.pending.push([
      randomUUID(),
      stream,
      revision,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify({ actor, at, correlationId: randomUUID() }),
      at,
    ]);
    if (this.pending.length >= ROWS_PER_TRANSACTION) this.flush();
  }

  flush(): void {
    const rows = this.pending;
    this.pending = [];
    this.db.transaction(() => {
      for (const row of rows) this.insert.run(...row);
    })();
    this.written += rows.length;
  }

  close(): void {
    this.flush();
    this.db.close();
  }
}

export const operator: Actor = { type: 'operator' };

export function createTenant(writer: HistorySink, mspId: string, index: number): string {
  const tenantId = randomUUID();
  const stream = tenantStream(tenantId);
  writer.append(
    stream,
    {
      type: 'TenantCreated',
      data: { tenantId, mspId, name: `Tenant ${index}`, builtInRoles: [...BUILT_IN_ROLES] },
    } satisfies TenantCreated,
    operator,
  );
  writer.append(stream, { type: 'InviteLinkDefaultRoleChanged', data: { from: null, to: 'member' } } satisfies InviteLinkDefaultRoleChanged, operator);
  // Token material of the same shape as the real one (a keyed hash and an AES-GCM ciphertext).
  const token = { hash: randomBytes(32).toString('base64url'), ciphertext: randomBytes(60).toString('base64url') };
  writer.append(stream, { type: 'InviteLinkEnabled', data: { generation: 1, token } } satisfies InviteLinkEnabled, operator);
  return tenantId;
}

/** The four events of one password signup through a link, in the order the service appends them. */
export function signup(writer: HistorySink, tenantId: string, n: number, passwordHash: string, tag: string): void {
  const userId = randomUUID();
  const email = `user-${tag}-${n}@history.example`;
  const actor: Actor = { type: 'new_user', id: userId };
  const reservation = emailReservationStream(email);
  writer.append(
    reservation,
    { type: 'EmailReserved', data: { userId, purpose: { kind: 'invite_link', tenantId } } } satisfies EmailReserved,
    actor,
  );
  writer.append(
    userStream(userId),
    {
      type: 'UserRegistered',
      data: { userId, email, firstName: 'History', lastName: `User ${n}`, signInMethod: 'password', passwordHash },
    } satisfies UserRegistered,
    actor,
  );
  writer.append(
    tenantStream(tenantId),
    { type: 'MemberJoinedViaInviteLink', data: { userId, roleId: 'member', method: 'password', generation: 1 } } satisfies MemberJoinedViaInviteLink,
    actor,
  );
  writer.append(reservation, { type: 'RegistrationCompleted', data: { userId } } satisfies RegistrationCompleted, actor);
}

export const realisticPasswordHash = () => hash('History-Passw0rd!', ARGON2_OPTIONS);

/**
 * About `events` events: MSPs of 10 tenants each with enabled links, then signups spread round
 * robin over the tenants (4 events each).
 */
export async function generateHistory(
  file: string,
  options: { events: number; tenants: number; progress?: GenerationProgress },
): Promise<{ events: number }> {
  const writer = new HistoryWriter(file);
  const passwordHash = await realisticPasswordHash();
  const tenantIds: string[] = [];
  let mspId = '';
  for (let i = 0; i < options.tenants; i++) {
    if (i % 10 === 0) {
      mspId = randomUUID();
      writer.append(mspStream(mspId), { type: 'MspCreated', data: { mspId, name: `MSP ${i / 10}` } } satisfies MspCreated, operator);
    }
    tenantIds.push(createTenant(writer, mspId, i));
  }
  const tag = randomBytes(4).toString('hex');
  for (let n = 0; writer.appended + 4 <= options.events || n === 0; n++) {
    signup(writer, tenantIds[n % tenantIds.length], n, passwordHash, tag);
    if (n % 2500 === 0) {
      writer.flush();
      options.progress?.(writer.written, options.events);
    }
  }
  writer.close();
  options.progress?.(writer.written, options.events);
  return { events: writer.written };
}

/** Appends `count` signups through the link of a tenant that already exists in the file. */
export async function appendSignups(
  file: string,
  tenantId: string,
  count: number,
  progress?: GenerationProgress,
): Promise<{ events: number }> {
  const writer = new HistoryWriter(file, Date.now() - count * 20);
  writer.adoptStream(tenantStream(tenantId));
  const passwordHash = await realisticPasswordHash();
  const tag = randomBytes(4).toString('hex');
  for (let n = 0; n < count; n++) {
    signup(writer, tenantId, n, passwordHash, tag);
    if (n % 2500 === 0) progress?.(writer.written, count * 4);
  }
  writer.close();
  progress?.(writer.written, count * 4);
  return { events: writer.written };
}
