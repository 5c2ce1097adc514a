import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Document as MongoDocument, MongoClient } from 'mongodb';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { ReadModelHost } from '../../src/infrastructure/read-models/read-model-host';
import {
  MongoReadModelStorage,
  ReadModelStorage,
  SqliteReadModelStorage,
  STABLE_FILE_NAME,
} from '../../src/infrastructure/read-models/read-model-storage';
import { rebuildReadModels } from '../../src/infrastructure/read-models/rebuild/rebuild-read-models';
import { directoryProjection, READ_MODELS_IN_ORDER } from '../../src/modules/read-models';
import { userStream } from '../../src/modules/accounts/domain/user.decider';
import { mspStream } from '../../src/modules/tenancy/domain/msp.decider';
import { BUILT_IN_ROLES } from '../../src/modules/tenancy/domain/roles';
import { TenantCommand, tenantDecider } from '../../src/modules/tenancy/domain/tenant.decider';
import { tenantStream } from '../../src/modules/tenancy/domain/tenant.events';
import { TenantState } from '../../src/modules/tenancy/domain/tenant.state';
import { EventStore } from '../../src/shared/application/event-store.port';
import { uniqueDatabaseName, withMongoDb } from '../support/mongodb';
import { passwordHashOf } from './read-models.fixtures';

/**
 * docs/read-models.md cannot rot: every example query in it is run, as a dashboard would run it,
 * against the stable names of both stores after a live projection and a rebuild, and its answer
 * is compared with what the history below contains, computed here without the read models.
 */
jest.setTimeout(180_000);

const DOC = join(__dirname, '..', '..', 'docs', 'read-models.md');
/** FerretDB on SQLite applies a few hundred events a second: waits are generous. */
const WAIT_MS = 60_000;

// ---------------------------------------------------------------------------------------------
// The examples, as the document writes them
// ---------------------------------------------------------------------------------------------

interface Example {
  readonly name: string;
  readonly mongo: string;
  readonly sql: string;
  /** Set when the document marks the example as one FerretDB cannot run, with the reason. */
  readonly ferretdbCannotRun?: string;
}

const EXAMPLE = /<!-- example: ([a-z0-9-]+) -->\s*(?:<!-- ferretdb: cannot run, because ([^]*?) -->\s*)?```js\n([^]*?)```\s*```sql\n([^]*?)```/g;

function parseExamples(markdown: string): Example[] {
  return [...markdown.matchAll(EXAMPLE)].map((match) => ({
    name: match[1],
    ferretdbCannotRun: match[2],
    mongo: match[3].trim(),
    sql: match[4].trim(),
  }));
}

/** The values placeholders stand for: `"<name>"` / `ISODate("<name>")` in MongoDB, `:name` in SQL. */
type Values = Readonly<Record<string, string>>;

type MongoQuery =
  | { collection: string; kind: 'find'; filter: MongoDocument; projection?: MongoDocument; sort?: MongoDocument }
  | { collection: string; kind: 'aggregate'; pipeline: MongoDocument[] };

/** `ISODate("…")` becomes a Date; everything else is strict JSON. */
const withDates = (_key: string, value: unknown): unknown =>
  value !== null && typeof value === 'object' && Object.keys(value).length === 1 && typeof (value as { $date?: unknown }).$date === 'string'
    ? new Date((value as { $date: string }).$date)
    : value;

/** The shell's `.method(args)` calls after `db.<collection>`, with their arguments as text. */
function calls(text: string): { method: string; args: string }[] {
  const found: { method: string; args: string }[] = [];
  let i = 0;
  while (i < text.length) {
    const call = /^\s*\.(\w+)\(/.exec(text.slice(i));
    if (!call) throw new Error(`cannot read ${JSON.stringify(text.slice(i, i + 40))}`);
    i += call[0].length;
    const start = i;
    let depth = 1;
    let inString = false;
    for (; depth > 0; i++) {
      if (i >= text.length) throw new Error(`unbalanced parentheses in ${text}`);
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '(') depth++;
      else if (c === ')') depth--;
    }
    found.push({ method: call[1], args: text.slice(start, i - 1) });
    while (i < text.length && /\s/.test(text[i])) i++;
  }
  return found;
}

function parseMongo(text: string, values: Values): MongoQuery {
  const substituted = text
    .replace(/ISODate\("<(\w+)>"\)/g, (_all, name: string) => JSON.stringify({ $date: valueOf(values, name) }))
    .replace(/"<(\w+)>"/g, (_all, name: string) => JSON.stringify(valueOf(values, name)));
  const head = /^db\.(\w+)/.exec(substituted);
  if (!head) throw new Error(`not a db.<collection> call: ${text}`);
  const [first, ...rest] = calls(substituted.slice(head[0].length));
  const args = JSON.parse(`[${first.args}]`, withDates) as MongoDocument[];
  if (first.method === 'aggregate' && rest.length === 0 && args.length === 1 && Array.isArray(args[0])) {
    return { collection: head[1], kind: 'aggregate', pipeline: args[0] as MongoDocument[] };
  }
  if (first.method !== 'find' || args.length < 1 || args.length > 2) throw new Error(`only find(filter[, projection]) and aggregate([…]): ${text}`);
  const query: MongoQuery = { collection: head[1], kind: 'find', filter: args[0], projection: args[1] };
  for (const call of rest) {
    if (call.method !== 'sort') throw new Error(`only .sort() may follow find(): ${text}`);
    query.sort = JSON.parse(call.args, withDates) as MongoDocument;
  }
  return query;
}

function valueOf(values: Values, name: string): string {
  if (!(name in values)) throw new Error(`no value for the placeholder ${name}`);
  return values[name];
}

/** The named parameters an SQL example uses, and only those (SQLite refuses unknown ones). */
function sqlParameters(sql: string, values: Values): Record<string, string> {
  const names = new Set([...sql.matchAll(/:(\w+)/g)].map((match) => match[1]));
  return Object.fromEntries([...names].map((name) => [name, valueOf(values, name)]));
}

type Row = Record<string, unknown>;

/** A MongoDB answer as rows of fields: `doc` and a `$group`'s `_id` unwrapped, dates as ISO text. */
function mongoRow(document: MongoDocument): Row {
  const row: Row = {};
  for (const [key, value] of Object.entries(document)) {
    if (key === 'doc' || (key === '_id' && value !== null && typeof value === 'object')) Object.assign(row, value);
    else row[key === '_id' ? 'id' : key] = value;
  }
  for (const [key, value] of Object.entries(row)) if (value instanceof Date) row[key] = value.toISOString();
  return row;
}

/** SQLite gives booleans as 1/0 and arrays as JSON text: read them as the expected row has them. */
function sqlRowAs(row: Row, expected: Row | undefined): Row {
  if (!expected) return row;
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => {
      const want = expected[key];
      if (typeof want === 'boolean' && typeof value === 'number') return [key, value === 1];
      if (Array.isArray(want) && typeof value === 'string') return [key, JSON.parse(value) as unknown];
      return [key, value];
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// The history, and what it contains
// ---------------------------------------------------------------------------------------------

interface Join {
  tenantId: string;
  userId: string;
  roleId: string;
  joinedAt: string;
  joinedVia: 'invite_link' | 'admin';
  method?: 'password' | 'microsoft';
}

interface User {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  signInMethod: 'password' | 'microsoft';
}

interface Signup {
  userId: string;
  tenantId: string;
  email: string;
  firstName: string;
  lastName: string;
  signedUpAt: string;
  expiresAt: string;
  status: 'pending' | 'joined' | 'withdrawn';
}

interface Mail {
  messageId: string;
  kind: string;
  queuedAt: string;
  status: 'queued' | 'sent' | 'discarded';
}

/**
 * What the history contains, kept by the code that writes it (not read back from any read
 * model): the expected answers are computed from this.
 */
class Truth {
  readonly msps = new Map<string, { mspId: string; name: string; order: number }>();
  readonly tenants = new Map<string, { id: string; mspId: string; name: string; order: number }>();
  readonly roleNames = new Map<string, string>();
  readonly users = new Map<string, User>();
  readonly joins: Join[] = [];
  readonly admins = new Map<string, { userId: string; mspId: string; permissions: string[]; closed: boolean }>();
  readonly states = new Map<string, TenantState>();
  /** Signups through a link that requires email verification, by user id, and how far each got. */
  readonly signups = new Map<string, Signup>();
  readonly mails: Mail[] = [];
}

/** Writes a small history over several UTC days through the real tenant decider. */
class DashboardHistory {
  readonly truth = new Truth();
  head = 0;
  /** The ids of the events of the last append: a mail's message id is the id of the event that asked for it. */
  lastIds: string[] = [];
  private clock = Date.parse('2025-03-01T09:00:00.000Z');
  private tokens = 0;

  constructor(private readonly eventStore: EventStore) {}

  async write(): Promise<void> {
    await this.msp('msp-a', 'Contoso IT');
    await this.msp('msp-b', 'Fabrikam Services');
    await this.msp('msp-c', 'Northwind Partners');
    await this.tenant('t-1', 'msp-a', 'Alpine Ski House');
    await this.tenant('t-2', 'msp-a', 'Blue Yonder');
    await this.tenant('t-3', 'msp-b', 'Coho Winery');
    await this.tenant('t-4', 'msp-b', 'Datum Corp');
    await this.decide('t-1', { type: 'CreateRole', roleId: 'role-sales', name: 'Sales' });
    const users: [string, string, User['signInMethod']][] = [
      ['u-01', 'contoso.example', 'password'],
      ['u-02', 'contoso.example', 'password'],
      ['u-03', 'contoso.example', 'password'],
      ['u-04', 'fabrikam.example', 'microsoft'],
      ['u-05', 'fabrikam.example', 'password'],
      ['u-06', 'contoso.example', 'microsoft'],
      ['u-07', 'northwind.example', 'microsoft'],
      ['u-08', 'northwind.example', 'password'],
      ['u-09', 'tailspin.example', 'password'],
      ['u-10', 'tailspin.example', 'password'],
    ];
    for (const [userId, domain, method] of users) await this.user(userId, `${userId}@${domain}`, method);
    await this.decide('t-1', { type: 'AddMember', userId: 'u-01', roleId: 'tenant_admin' });
    await this.decide('t-3', { type: 'AddMember', userId: 'u-02', roleId: 'technician' });
    await this.decide('t-1', { type: 'UpdateInviteLink', enabled: true, defaultRoleId: 'role-sales', allowedDomains: ['contoso.example', 'fabrikam.example'], newToken: this.token() });
    await this.decide('t-2', { type: 'UpdateInviteLink', enabled: true, defaultRoleId: 'member', newToken: this.token() });
    await this.decide('t-3', { type: 'UpdateInviteLink', enabled: true, defaultRoleId: 'member', allowedDomains: ['northwind.example'], newToken: this.token() });
    await this.decide('t-4', { type: 'UpdateInviteLink', enabled: true, defaultRoleId: 'read_only', newToken: this.token() });
    await this.join('t-1', 'u-03', 'password');
    await this.join('t-1', 'u-04', 'microsoft');
    await this.join('t-2', 'u-09', 'password');

    this.nextDay(); // 2025-03-02
    await this.join('t-1', 'u-05', 'password');
    await this.join('t-3', 'u-07', 'microsoft');
    await this.join('t-4', 'u-10', 'password');
    await this.decide('t-1', { type: 'UpdateInviteLink', defaultRoleId: 'member', newToken: this.token() });

    this.nextDay(); // 2025-03-03
    await this.join('t-1', 'u-06', 'microsoft');
    await this.join('t-3', 'u-08', 'password');
    await this.decide('t-2', { type: 'UpdateInviteLink', enabled: false, newToken: this.token() });
    await this.decide('t-4', { type: 'CancelTenant' });

    this.nextDay();
    this.nextDay(); // 2025-03-05
    await this.join('t-1', 'u-02', 'password');
    await this.mspAdmin('a-1', 'msp-a', 'Avery', 'Brooks', ['manage_user_roles', 'view_audit_log']);
    await this.endRegistration('a-1', true);
    await this.mspAdmin('a-2', 'msp-a', 'Casey', 'Adams', ['view_audit_log']);
    await this.endRegistration('a-2', true);
    await this.mspAdmin('a-3', 'msp-a', 'Drew', 'Clark', ['manage_user_roles']);
    await this.endRegistration('a-3', false);
    // a-4's registration is left open, as a crash between its steps would leave it.
    await this.mspAdmin('a-4', 'msp-b', 'Emery', 'Diaz', ['manage_tenant_user_roles']);

    this.nextDay(); // 2025-03-06: two links require email verification
    for (const tenantId of ['t-1', 't-3']) {
      await this.decide(tenantId, { type: 'UpdateInviteLink', requireEmailVerification: true, mailConfigured: true, newToken: this.token() });
    }
    await this.signUpAwaitingEmail('p-1', 't-1', 'contoso.example');
    await this.signUpAwaitingEmail('p-2', 't-1', 'fabrikam.example');
    await this.signUpAwaitingEmail('p-3', 't-3', 'northwind.example');
    await this.resendMail('p-1');
    await this.signUpAwaitingEmail('p-4', 't-1', 'contoso.example');
    await this.signUpAwaitingEmail('p-5', 't-3', 'northwind.example');
    await this.mailDone(0, 'MailSent');
    await this.mailDone(1, 'MailSent');
    await this.mailDone(3, 'MailSent');
    await this.confirmAndJoin('p-4');
    await this.expire('p-5');
  }

  /** A password signup on a link that requires email verification: it waits, and its mail is queued. */
  private async signUpAwaitingEmail(userId: string, tenantId: string, domain: string): Promise<void> {
    const user: User = { userId, email: `${userId}@${domain}`, firstName: `First ${userId}`, lastName: `Last ${userId}`, signInMethod: 'password' };
    this.truth.users.set(userId, user);
    await this.append(`emailReservation-${userId}`, [{ type: 'EmailReserved', data: { userId, purpose: { kind: 'invite_link', tenantId } } }]);
    await this.append(userStream(userId), [{ type: 'UserRegistered', data: { ...user, passwordHash: passwordHashOf(userId) } }]);
    // The append below is the next 17 minutes on; the link works for an hour after it.
    const expiresAt = new Date(this.clock + 17 * 60_000 + 3_600_000).toISOString();
    const tokenHash = this.truth.states.get(tenantId)!.inviteLink.token!.hash;
    const data = { userId, tenantId, tokenHash, codeHash: `code-hash-${userId}`, codeSeed: `code-seed-${userId}`, expiresAt };
    const signedUpAt = await this.append(`emailReservation-${userId}`, [{ type: 'EmailVerificationRequested', data }]);
    const { email, firstName, lastName } = user;
    this.truth.signups.set(userId, { userId, tenantId, email, firstName, lastName, signedUpAt, expiresAt, status: 'pending' });
    this.truth.mails.push({ messageId: this.lastIds[0], kind: 'email_verification', queuedAt: signedUpAt, status: 'queued' });
  }

  private async resendMail(userId: string): Promise<void> {
    const queuedAt = await this.append(`emailReservation-${userId}`, [{ type: 'EmailVerificationResent', data: { userId } }]);
    this.truth.mails.push({ messageId: this.lastIds[0], kind: 'email_verification', queuedAt, status: 'queued' });
  }

  /** The outbox's record of the n-th mail asked for. */
  private async mailDone(n: number, type: 'MailSent' | 'MailDiscarded'): Promise<void> {
    const mail = this.truth.mails[n];
    const data =
      type === 'MailSent'
        ? { messageId: mail.messageId, kind: mail.kind, attempts: 1 }
        : { messageId: mail.messageId, kind: mail.kind, reason: 'verification_no_longer_pending' };
    await this.append(`mail-${mail.messageId}`, [{ type, data }]);
    mail.status = type === 'MailSent' ? 'sent' : 'discarded';
  }

  private async confirmAndJoin(userId: string): Promise<void> {
    const signup = this.truth.signups.get(userId)!;
    await this.append(`emailReservation-${userId}`, [{ type: 'EmailVerified', data: { userId } }]);
    await this.join(signup.tenantId, userId, 'password');
    await this.append(`emailReservation-${userId}`, [{ type: 'RegistrationCompleted', data: { userId } }]);
    signup.status = 'joined';
  }

  /** Nobody confirmed: the expiry, the account closed, the email released, the mail no longer needed. */
  private async expire(userId: string): Promise<void> {
    const signup = this.truth.signups.get(userId)!;
    await this.append(`emailReservation-${userId}`, [{ type: 'EmailVerificationExpired', data: { userId, expiresAt: signup.expiresAt } }]);
    await this.append(userStream(userId), [{ type: 'AccountClosed', data: { reason: 'verification_expired' } }]);
    await this.append(`emailReservation-${userId}`, [{ type: 'EmailReleased', data: { userId, reason: 'verification_expired' } }]);
    signup.status = 'withdrawn';
    const requested = this.truth.mails.findIndex((mail) => mail.queuedAt === signup.signedUpAt);
    await this.mailDone(requested, 'MailDiscarded');
  }

  private async msp(mspId: string, name: string): Promise<void> {
    this.truth.msps.set(mspId, { mspId, name, order: this.truth.msps.size });
    await this.append(mspStream(mspId), [{ type: 'MspCreated', data: { mspId, name } }]);
  }

  private async tenant(tenantId: string, mspId: string, name: string): Promise<void> {
    this.truth.tenants.set(tenantId, { id: tenantId, mspId, name, order: this.truth.tenants.size });
    this.truth.states.set(tenantId, tenantDecider.initialState);
    for (const role of BUILT_IN_ROLES) this.truth.roleNames.set(`${tenantId}:${role.id}`, role.name);
    await this.decide(tenantId, { type: 'CreateTenant', tenantId, mspId, name });
  }

  private async user(userId: string, email: string, signInMethod: User['signInMethod']): Promise<void> {
    const user: User = { userId, email, firstName: `First ${userId}`, lastName: `Last ${userId}`, signInMethod };
    this.truth.users.set(userId, user);
    await this.append(userStream(userId), [
      { type: 'UserRegistered', data: { ...user, ...(signInMethod === 'password' ? { passwordHash: passwordHashOf(userId) } : {}) } },
    ]);
  }

  private async mspAdmin(userId: string, mspId: string, firstName: string, lastName: string, permissions: string[]): Promise<void> {
    this.truth.users.set(userId, { userId, email: `${firstName.toLowerCase()}@msp.example`, firstName, lastName, signInMethod: 'password' });
    this.truth.admins.set(userId, { userId, mspId, permissions, closed: false });
    await this.append(`emailReservation-${userId}`, [{ type: 'EmailReserved', data: { userId, purpose: { kind: 'msp_admin', mspId } } }]);
    await this.append(userStream(userId), [
      {
        type: 'UserRegistered',
        data: { ...this.truth.users.get(userId), passwordHash: passwordHashOf(userId) },
      },
      { type: 'MspAdminGranted', data: { mspId, permissions } },
    ]);
  }

  /** As the service finishes a registration, or as the recovery job undoes one. */
  private async endRegistration(userId: string, completed: boolean): Promise<void> {
    await this.append(`emailReservation-${userId}`, [
      completed
        ? { type: 'RegistrationCompleted', data: { userId } }
        : { type: 'EmailReleased', data: { userId, reason: 'registration_interrupted' } },
    ]);
    if (!completed) {
      await this.append(userStream(userId), [{ type: 'AccountClosed', data: { reason: 'registration_interrupted' } }]);
      this.truth.admins.get(userId)!.closed = true;
    }
  }

  private async join(tenantId: string, userId: string, method: 'password' | 'microsoft'): Promise<void> {
    const token = this.truth.states.get(tenantId)!.inviteLink.token!;
    await this.decide(tenantId, { type: 'JoinViaInviteLink', userId, tokenHash: token.hash, email: this.truth.users.get(userId)!.email, method });
  }

  /** Every command here must be accepted: a refusal would leave the history short of what the test expects. */
  private async decide(tenantId: string, command: TenantCommand): Promise<void> {
    let state = this.truth.states.get(tenantId)!;
    const events = tenantDecider.decide(command, state);
    const at = await this.append(tenantStream(tenantId), events as { type: string; data: object }[]);
    for (const event of events) {
      state = tenantDecider.evolve(state, event);
      if (event.type === 'TenantRoleCreated') this.truth.roleNames.set(`${tenantId}:${event.data.roleId}`, event.data.name);
      if (event.type === 'TenantMemberAdded') this.truth.joins.push({ tenantId, ...event.data, joinedAt: at, joinedVia: 'admin' });
      if (event.type === 'MemberJoinedViaInviteLink') {
        const { userId, roleId, method } = event.data;
        this.truth.joins.push({ tenantId, userId, roleId, method, joinedAt: at, joinedVia: 'invite_link' });
      }
    }
    this.truth.states.set(tenantId, state);
  }

  private async append(stream: string, events: readonly { type: string; data: object }[]): Promise<string> {
    // Distinct instants, 17 minutes apart: every sort in the examples is free of ties on time.
    this.clock += 17 * 60_000;
    const at = new Date(this.clock).toISOString();
    const toAppend = events.map((event) => ({
      id: randomUUID(),
      type: event.type,
      data: event.data as Record<string, unknown>,
      metadata: { actor: { type: 'operator' as const }, at, correlationId: randomUUID() },
    }));
    const result = await this.eventStore.appendToStream(stream, toAppend, { expectedRevision: 'any' });
    this.lastIds = toAppend.map((event) => event.id);
    this.head = result.position;
    return at;
  }

  private nextDay(): void {
    this.clock = Date.parse(`${new Date(this.clock + 86_400_000).toISOString().slice(0, 10)}T08:00:00.000Z`);
  }

  private token() {
    const hash = `hash-${++this.tokens}`;
    return { hash, ciphertext: `v1.ciphertext-of-${hash}` };
  }
}

/** The placeholders' values: a window of two UTC days that leaves joins out on both sides. */
const VALUES: Values = {
  tenantId: 't-1',
  mspId: 'msp-a',
  fromDay: '2025-03-02',
  toDay: '2025-03-04',
  since: '2025-03-02T00:00:00.000Z',
};

const compare = (a: unknown, b: unknown) =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
const sortBy = <T>(rows: T[], ...keys: ((row: T) => unknown)[]) =>
  [...rows].sort((a, b) => keys.reduce((result, key) => result || compare(key(a), key(b)), 0));
const dayOf = (instant: string) => instant.slice(0, 10);
const inWindow = (join: Join) => dayOf(join.joinedAt) >= VALUES.fromDay && dayOf(join.joinedAt) < VALUES.toDay;

/** Sums joins through the link by a key, in the key's order. */
function countJoins(joins: Join[], keyOf: (join: Join) => Row): Row[] {
  const counts = new Map<string, Row>();
  for (const join of joins.filter((j) => j.joinedVia === 'invite_link')) {
    const key = keyOf(join);
    const text = JSON.stringify(key);
    const row = counts.get(text) ?? { ...key, joins: 0 };
    row.joins = (row.joins as number) + 1;
    counts.set(text, row);
  }
  return [...counts.values()];
}

/** Every example's right answer, from the truth; an example without one fails the test. */
const EXPECTED: Record<string, (truth: Truth) => Row[]> = {
  'users-of-a-tenant': (truth) =>
    sortBy(truth.joins.filter((j) => j.tenantId === VALUES.tenantId), (j) => -Date.parse(j.joinedAt), (j) => j.userId).map((j) => {
      const user = truth.users.get(j.userId)!;
      return {
        userId: j.userId,
        firstName: user.firstName,
        lastName: user.lastName,
        email: user.email,
        roleId: j.roleId,
        roleName: truth.roleNames.get(`${j.tenantId}:${j.roleId}`),
        joinedVia: j.joinedVia,
        signInMethod: user.signInMethod,
        joinedAt: j.joinedAt,
      };
    }),
  'members-joined-since': (truth) =>
    sortBy(truth.joins.filter((j) => j.tenantId === VALUES.tenantId && j.joinedAt >= VALUES.since), (j) => j.joinedAt, (j) => j.userId).map((j) => ({
      userId: j.userId,
      joinedAt: j.joinedAt,
      joinedVia: j.joinedVia,
    })),
  'signups-per-tenant-per-day': (truth) =>
    sortBy(countJoins(truth.joins.filter(inWindow), (j) => ({ tenantId: j.tenantId, day: dayOf(j.joinedAt) })), (r) => r.tenantId, (r) => r.day),
  'signups-of-a-tenant-by-day': (truth) =>
    sortBy(
      countJoins(truth.joins.filter((j) => j.tenantId === VALUES.tenantId && inWindow(j)), (j) => ({
        day: dayOf(j.joinedAt),
        method: j.method,
        roleId: j.roleId,
        roleName: truth.roleNames.get(`${j.tenantId}:${j.roleId}`),
      })),
      (r) => r.day,
      (r) => r.method,
      (r) => r.roleId,
    ).map(({ joins, ...row }) => ({ ...row, count: joins })),
  'joins-per-method-and-role': (truth) =>
    sortBy(
      countJoins(truth.joins.filter((j) => truth.tenants.get(j.tenantId)!.mspId === VALUES.mspId && inWindow(j)), (j) => ({
        method: j.method,
        roleId: j.roleId,
        roleName: truth.roleNames.get(`${j.tenantId}:${j.roleId}`),
      })),
      (r) => r.method,
      (r) => r.roleId,
    ),
  'tenants-with-links-enabled': (truth) =>
    sortBy(
      [...truth.tenants.values()].filter((t) => truth.states.get(t.id)!.inviteLink.enabled),
      (t) => truth.msps.get(t.mspId)!.name,
      (t) => t.name,
      (t) => t.id,
    ).map((t) => {
      const link = truth.states.get(t.id)!.inviteLink;
      return {
        id: t.id,
        name: t.name,
        mspName: truth.msps.get(t.mspId)!.name,
        defaultRoleId: link.defaultRoleId,
        defaultRoleName: truth.roleNames.get(`${t.id}:${link.defaultRoleId}`),
        allowedDomains: [...link.allowedDomains],
      };
    }),
  'allowed-domains': (truth) =>
    sortBy(
      [...truth.tenants.values()]
        .filter((t) => truth.states.get(t.id)!.inviteLink.enabled)
        .flatMap((t) => truth.states.get(t.id)!.inviteLink.allowedDomains.map((domain) => ({ allowedDomains: domain, id: t.id }))),
      (r) => r.allowedDomains,
      (r) => r.id,
    ),
  'last-join-per-tenant': (truth) =>
    sortBy([...truth.tenants.values()].filter((t) => t.mspId === VALUES.mspId), (t) => t.order).map((t) => {
      const joins = truth.joins.filter((j) => j.tenantId === t.id);
      const viaLink = joins.filter((j) => j.joinedVia === 'invite_link');
      return {
        id: t.id,
        name: t.name,
        status: truth.states.get(t.id)!.canceled ? 'canceled' : 'active',
        memberCount: joins.length,
        joinsViaLink: viaLink.length,
        lastJoinAt: viaLink.length ? viaLink[viaLink.length - 1].joinedAt : null,
      };
    }),
  'msps-with-tenant-counts': (truth) =>
    sortBy([...truth.msps.values()], (m) => m.name, (m) => m.mspId).map((m) => {
      const tenants = [...truth.tenants.values()].filter((t) => t.mspId === m.mspId);
      const canceled = tenants.filter((t) => truth.states.get(t.id)!.canceled).length;
      return { mspId: m.mspId, name: m.name, tenantCount: tenants.length, activeTenantCount: tenants.length - canceled, canceledTenantCount: canceled };
    }),
  'waiting-for-email-confirmation': (truth) =>
    sortBy(
      [...truth.signups.values()].filter((signup) => signup.tenantId === VALUES.tenantId && signup.status === 'pending'),
      (signup) => -Date.parse(signup.signedUpAt),
      (signup) => signup.userId,
    ).map(({ userId, email, firstName, lastName, signedUpAt, expiresAt }) => ({ userId, email, firstName, lastName, signedUpAt, expiresAt })),
  'waiting-for-email-confirmation-per-tenant': (truth) => {
    const waiting = new Map<string, number>();
    for (const signup of truth.signups.values()) {
      if (signup.status === 'pending') waiting.set(signup.tenantId, (waiting.get(signup.tenantId) ?? 0) + 1);
    }
    return sortBy([...waiting], ([tenantId]) => tenantId).map(([tenantId, count]) => ({ tenantId, waiting: count }));
  },
  'queued-mails': (truth) =>
    sortBy(
      truth.mails.filter((mail) => mail.status === 'queued'),
      (mail) => mail.queuedAt,
      (mail) => mail.messageId,
    ).map(({ messageId, kind, queuedAt }) => ({ messageId, kind, queuedAt })),
  'msp-admins-with-permissions': (truth) =>
    sortBy(
      [...truth.admins.values()].filter((a) => a.mspId === VALUES.mspId && !a.closed),
      (a) => truth.users.get(a.userId)!.lastName,
      (a) => truth.users.get(a.userId)!.firstName,
      (a) => a.userId,
    ).map((a) => {
      const user = truth.users.get(a.userId)!;
      return { userId: a.userId, firstName: user.firstName, lastName: user.lastName, email: user.email, permissions: a.permissions };
    }),
};

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

const examples = parseExamples(readFileSync(DOC, 'utf8'));

describe('docs/read-models.md: the examples', () => {
  it('are all found, each with a MongoDB and an SQL version, each with a right answer here', () => {
    const markers = [...readFileSync(DOC, 'utf8').matchAll(/<!-- example: ([^ ]+) -->/g)].map((match) => match[1]);
    expect(examples.map((example) => example.name)).toEqual(markers);
    expect(new Set(markers).size).toBe(markers.length);
    expect(Object.keys(EXPECTED).sort()).toEqual([...markers].sort());
    // The questions dashboards ask first (the card's list) are all answered.
    for (const name of ['users-of-a-tenant', 'signups-per-tenant-per-day', 'tenants-with-links-enabled', 'allowed-domains']) {
      expect(markers).toContain(name);
    }
  });

  it('parse: MongoDB ones as find()/sort() or aggregate() with JSON arguments', () => {
    for (const example of examples) {
      const query = parseMongo(example.mongo, VALUES);
      expect(query.collection).toMatch(/^[a-z_]+$/);
      expect(example.sql).toMatch(new RegExp(`\\bFROM doc_${query.collection}\\b`));
    }
  });

  it('name no collection that holds token material', () => {
    for (const example of examples) {
      expect(`${example.mongo}\n${example.sql}`).not.toMatch(/invite_links|invite_tokens|email_verification_codes/);
    }
  });
});

/** Writes the history, projects it live, rebuilds it, and leaves the stable names showing the rebuild. */
async function projectThroughRebuild(storage: ReadModelStorage): Promise<{ history: DashboardHistory; close: () => Promise<void> }> {
  const eventStore = new SqliteEventStore(':memory:', { pollIntervalMs: 10 });
  const history = new DashboardHistory(eventStore);
  const host = await ReadModelHost.open(eventStore, storage, directoryProjection, { pointerPollMs: 50, retryDelayMs: 20 });
  try {
    await history.write();
    await host.start();
    await host.waitForPosition(history.head, WAIT_MS);
    await host.checkForNewGeneration();
    // A dashboard keeps its names across a rebuild: the examples run after one.
    const rebuilt = await rebuildReadModels({ eventStore, storage, projection: directoryProjection, batchSize: 10 });
    expect(await host.checkForNewGeneration()).toBe(rebuilt.generation);
  } catch (error) {
    await host.stop();
    await eventStore.close();
    throw error;
  }
  return {
    history,
    close: async () => {
      await host.stop();
      await eventStore.close();
    },
  };
}

/** A fresh installation: the service started on an empty log, then (as an operator might) rebuilt. */
async function startEmpty(storage: ReadModelStorage): Promise<{ close: () => Promise<void>; rebuild: () => Promise<void> }> {
  const eventStore = new SqliteEventStore(':memory:', { pollIntervalMs: 10 });
  const host = await ReadModelHost.open(eventStore, storage, directoryProjection, { pointerPollMs: 50, retryDelayMs: 20 });
  await host.start();
  await host.checkForNewGeneration();
  return {
    rebuild: async () => {
      const rebuilt = await rebuildReadModels({ eventStore, storage, projection: directoryProjection });
      expect(await host.checkForNewGeneration()).toBe(rebuilt.generation);
    },
    close: async () => {
      await host.stop();
      await eventStore.close();
    },
  };
}

describe('docs/read-models.md: a fresh installation on SQLite', () => {
  it('has every documented table, empty, so each SQL example answers nothing instead of failing, before and after a rebuild', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'read-models-docs-empty-'));
    const installation = await startEmpty(new SqliteReadModelStorage(dataDir));
    try {
      for (const stage of ['started', 'rebuilt']) {
        if (stage === 'rebuilt') await installation.rebuild();
        const db = new Database(join(dataDir, STABLE_FILE_NAME), { readonly: true, fileMustExist: true });
        try {
          for (const { collection } of READ_MODELS_IN_ORDER) {
            expect([stage, collection, db.prepare(`SELECT count(*) AS n FROM doc_${collection}`).get()]).toEqual([stage, collection, { n: 0 }]);
          }
          for (const example of examples) {
            expect([stage, example.name, db.prepare(example.sql).all(sqlParameters(example.sql, VALUES))]).toEqual([stage, example.name, []]);
          }
        } finally {
          db.close();
        }
      }
    } finally {
      await installation.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('docs/read-models.md: every SQL example on the stable SQLite file', () => {
  let dataDir: string;
  let projected: Awaited<ReturnType<typeof projectThroughRebuild>>;
  let db: Database.Database;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'read-models-docs-'));
    projected = await projectThroughRebuild(new SqliteReadModelStorage(dataDir));
    // As documented: the stable link, read-only.
    db = new Database(join(dataDir, STABLE_FILE_NAME), { readonly: true, fileMustExist: true });
  });

  afterAll(async () => {
    db?.close();
    await projected?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(examples.map((example) => [example.name, example] as const))('%s', (_name, example) => {
    const expected = EXPECTED[example.name](projected.history.truth);
    expect(expected.length).toBeGreaterThan(0);
    const rows = db.prepare(example.sql).all(sqlParameters(example.sql, VALUES)) as Row[];
    expect(rows.map((row, i) => sqlRowAs(row, expected[i]))).toEqual(expected);
  });

  it('documents every field each collection holds, under that collection', () => {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'doc_%'").all() as { name: string }[]).map((t) => t.name);
    expect(tables.sort()).toEqual(READ_MODELS_IN_ORDER.map((readModel) => `doc_${readModel.collection}`).sort());
    const undocumented: string[] = [];
    for (const { collection } of READ_MODELS_IN_ORDER) {
      const section = sectionOf(collection);
      const fields = new Set<string>();
      for (const { body } of db.prepare(`SELECT body FROM "doc_${collection}"`).all() as { body: string }[]) {
        for (const field of Object.keys(JSON.parse(body) as object)) fields.add(field);
      }
      for (const field of fields) if (!section.includes(`\`${field}\``)) undocumented.push(`${collection}.${field}`);
    }
    expect(undocumented).toEqual([]);
  });

  it('uses the documented indexes: the users of a tenant are found through (tenantId, joinedAt, userId)', () => {
    const usersOfTenant = examples.find((example) => example.name === 'users-of-a-tenant')!;
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${usersOfTenant.sql}`).all(sqlParameters(usersOfTenant.sql, VALUES)) as { detail: string }[];
    expect(plan.map((step) => step.detail).join('\n')).toContain('ix_memberships_tenantId_joinedAt_userId');
  });
});

/** The `### ` section whose heading names the collection. */
function sectionOf(collection: string): string {
  const section = readFileSync(DOC, 'utf8')
    .split(/^### /m)
    .find((candidate) => candidate.split('\n')[0].includes(`\`${collection}\``));
  if (!section) throw new Error(`docs/read-models.md has no section for ${collection}`);
  return section;
}

describe('docs/read-models.md: the collections', () => {
  it.each(READ_MODELS_IN_ORDER.map((readModel) => [readModel.collection, readModel] as const))(
    '%s: its indexes and date fields are the ones the read model declares',
    (collection, readModel) => {
      const section = sectionOf(collection);
      for (const { fields } of readModel.indexes) expect(section).toContain(`(${fields.map((field) => `\`${field}\``).join(', ')})`);
      if (readModel.indexes.length === 0 && !['invite_links', 'invite_tokens'].includes(collection)) expect(section).toContain('none besides the id');
      for (const field of readModel.dateFields ?? []) expect(section).toMatch(new RegExp(`\`${field}\`[ |(]+date`));
    },
  );
});

withMongoDb('docs/read-models.md: every MongoDB example on the stable database', (url) => {
  let client: MongoClient;
  let base: string;
  let storage: MongoReadModelStorage;
  let projected: Awaited<ReturnType<typeof projectThroughRebuild>>;

  const ourDatabases = async () =>
    (await client.db('admin').admin().listDatabases({ nameOnly: true })).databases
      .map((database) => database.name)
      .filter((name) => name === base || name.startsWith(`${base}_`));

  beforeAll(async () => {
    client = await MongoClient.connect(url, { serverSelectionTimeoutMS: 10_000 });
    base = uniqueDatabaseName('docs');
    const withDatabase = new URL(url);
    withDatabase.pathname = `/${base}`;
    storage = new MongoReadModelStorage(withDatabase.toString());
    projected = await projectThroughRebuild(storage);
  });

  afterAll(async () => {
    await projected?.close();
    await storage?.close();
    for (const name of await ourDatabases()) await client.db(name).dropDatabase();
    await client.close();
  });

  it.each(examples.map((example) => [example.name, example] as const))('%s', async (_name, example) => {
    const query = parseMongo(example.mongo, VALUES);
    // Only checked for syntax where the document says FerretDB cannot run it and FerretDB is the server.
    if (example.ferretdbCannotRun !== undefined && (await isFerretDb(client))) return;
    const expected = EXPECTED[example.name](projected.history.truth);
    expect(expected.length).toBeGreaterThan(0);
    const collection = client.db(base).collection(query.collection);
    const documents =
      query.kind === 'aggregate'
        ? await collection.aggregate(query.pipeline).toArray()
        : await collection.find(query.filter, { projection: query.projection, sort: query.sort }).toArray();
    expect(documents.map(mongoRow)).toEqual(expected);
  });

  it('a fresh installation lists every documented collection at the stable name, before and after a rebuild', async () => {
    const empty = uniqueDatabaseName('docs_empty');
    const withDatabase = new URL(url);
    withDatabase.pathname = `/${empty}`;
    const emptyStorage = new MongoReadModelStorage(withDatabase.toString());
    const installation = await startEmpty(emptyStorage);
    const listed = async () => (await client.db(empty).listCollections({}, { nameOnly: true }).toArray()).map(({ name }) => name);
    try {
      const documented = READ_MODELS_IN_ORDER.map(({ collection }) => collection);
      expect(await listed()).toEqual(expect.arrayContaining(documented));
      await installation.rebuild();
      expect(await listed()).toEqual(expect.arrayContaining(documented));
      for (const collection of documented) expect([collection, await client.db(empty).collection(collection).countDocuments()]).toEqual([collection, 0]);
    } finally {
      await installation.close();
      await emptyStorage.close();
      const names = (await client.db('admin').admin().listDatabases({ nameOnly: true })).databases.map(({ name }) => name);
      for (const name of names) if (name === empty || name.startsWith(`${empty}_`)) await client.db(name).dropDatabase();
    }
  });

  it('stores the documented date fields as BSON dates', async () => {
    const tenant = await client.db(base).collection('tenants').findOne({ _id: VALUES.tenantId } as MongoDocument);
    expect(tenant?.doc.createdAt).toBeInstanceOf(Date);
    expect(tenant?.doc.lastJoinAt).toBeInstanceOf(Date);
    const signup = await client.db(base).collection('pending_signups').findOne({ 'doc.tenantId': VALUES.tenantId } as MongoDocument);
    expect(signup?.doc.signedUpAt).toBeInstanceOf(Date);
    expect(signup?.doc.expiresAt).toBeInstanceOf(Date);
    const registration = await client.db(base).collection('registrations').findOne({ 'doc.status': 'awaiting_verification' } as MongoDocument);
    expect(registration?.doc.verificationExpiresAt).toBeInstanceOf(Date);
    const mail = await client.db(base).collection('mail_outbox').findOne({ 'doc.status': 'sent' } as MongoDocument);
    expect(mail?.doc.queuedAt).toBeInstanceOf(Date);
    expect(mail?.doc.doneAt).toBeInstanceOf(Date);
  });
});

async function isFerretDb(client: MongoClient): Promise<boolean> {
  const info = await client.db('admin').command({ buildInfo: 1 });
  return 'ferretdbVersion' in info || 'ferretdb' in info;
}
