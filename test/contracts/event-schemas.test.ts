import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InviteTokenService } from '../../src/modules/invite-links/application/invite-token.service';
import { VerificationCodes } from '../../src/modules/signup/application/verification-codes';
import { currentSchemaVersion } from '../../src/shared/application/event-schema-versions';
import type { EventStore, EventToAppend, RecordedEvent } from '../../src/shared/application/event-store.port';
import { SECRET_FIELDS } from '../../src/shared/domain/secret-fields';
import {
  ENVELOPE_SCHEMA_FILE,
  EventSchemaViolation,
  guardEventAppends,
  payloadSchemaFiles,
  readSchema,
  storeViolations,
  validateEvent,
} from '../support/event-schemas';

/**
 * The event catalogue (docs/events.md), its JSON Schemas (docs/events/) and the code agree: every
 * event type the service declares has a schema per version and a section, and nothing else does;
 * the schemas accept real payloads and refuse broken ones, naming the field.
 */

const ROOT = join(__dirname, '..', '..');
const CATALOGUE = readFileSync(join(ROOT, 'docs', 'events.md'), 'utf8');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * The event types declared in src: `DomainEvent<'Type', …>`, or `DomainEvent<typeof NAME, …>`
 * with `export const NAME = 'Type'` (how the audit module names its checkpoint event).
 */
function eventTypesInCode(): Map<string, string> {
  const files = sourceFiles(join(ROOT, 'src')).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));
  const constants = new Map<string, string>();
  for (const { text } of files) {
    for (const match of text.matchAll(/export const (\w+) = '([A-Z]\w+)'/g)) constants.set(match[1], match[2]);
  }
  const types = new Map<string, string>();
  for (const { path, text } of files) {
    for (const match of text.matchAll(/DomainEvent<\s*(?:'(\w+)'|typeof\s+(\w+))/g)) {
      const type = match[1] ?? constants.get(match[2]);
      if (type === undefined) throw new Error(`${path}: cannot resolve the event type ${match[2]}`);
      types.set(type, path);
    }
  }
  return types;
}

/** `### `Type`` headings of the catalogue. */
const catalogueSections = (): string[] => [...CATALOGUE.matchAll(/^### `(\w+)`/gm)].map((match) => match[1]);

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

const METADATA = {
  actor: { type: 'msp_admin', id: '0d9e1c4a-5f7b-4c1e-9a55-2f1e7c3b8a10' },
  at: '2026-05-11T09:00:00.000Z',
  correlationId: 'req-1',
  schemaVersion: 1,
};
const id = (): string => randomUUID();
const HEX = 'ab'.repeat(32);
const stored = new InviteTokenService({ tokenSecret: 'a-token-secret-for-the-samples-only' }).issue().stored;
const verificationCodes = new VerificationCodes({ tokenSecret: 'a-token-secret-for-the-samples-only' });
const { codeHash: CODE_HASH, codeSeed: CODE_SEED, code: CODE } = verificationCodes.issue();
const MESSAGE_ID = id();
const PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0J8lU4bG2Qm0kq7p1T7dq4l0cJp5wQ8m0QdZr3xO1fU';

/** One real-looking payload (and its stream) of each event type, as the service writes it. */
const SAMPLES: Record<string, { stream: string; data: Record<string, unknown> }> = {
  MspCreated: { stream: `msp-${id()}`, data: { mspId: id(), name: 'Acme MSP' } },
  TenantCreated: {
    stream: `tenant-${id()}`,
    data: { tenantId: id(), mspId: id(), name: 'Globex', builtInRoles: [{ id: 'member', name: 'Member', builtIn: true }] },
  },
  TenantRoleCreated: { stream: `tenant-${id()}`, data: { roleId: id(), name: 'Help Desk' } },
  TenantSsoConfigured: {
    stream: `tenant-${id()}`,
    data: { protocol: 'saml', entityId: 'urn:example:idp', ssoUrl: 'https://idp.example.net/sso' },
  },
  TenantSsoRemoved: { stream: `tenant-${id()}`, data: {} },
  TenantCanceled: { stream: `tenant-${id()}`, data: {} },
  TenantMemberAdded: { stream: `tenant-${id()}`, data: { userId: id(), roleId: 'technician' } },
  InviteLinkEnabled: { stream: `tenant-${id()}`, data: { generation: 1, token: stored } },
  InviteLinkDisabled: { stream: `tenant-${id()}`, data: { reason: 'sso_configured' } },
  InviteLinkDefaultRoleChanged: { stream: `tenant-${id()}`, data: { from: null, to: 'member' } },
  InviteLinkAllowedDomainsChanged: {
    stream: `tenant-${id()}`,
    data: { added: ['xn--bcher-kva.example'], removed: ['acme.com'], domains: ['acme.co.uk', 'xn--bcher-kva.example'] },
  },
  InviteLinkMicrosoftTenantsChanged: {
    stream: `tenant-${id()}`,
    data: { added: ['72f988bf-86f1-41af-91ab-2d7cd011db47'], removed: [], tenantIds: ['72f988bf-86f1-41af-91ab-2d7cd011db47'] },
  },
  InviteLinkEmailVerificationSet: { stream: `tenant-${id()}`, data: { requireEmailVerification: true } },
  InviteLinkRegenerated: { stream: `tenant-${id()}`, data: { generation: 3, token: stored } },
  MemberJoinedViaInviteLink: {
    stream: `tenant-${id()}`,
    data: { userId: id(), roleId: id(), method: 'microsoft', generation: 2 },
  },
  SiblingDomainsClaimed: { stream: `mspDomainClaims-${id()}`, data: { tenantId: id(), domains: ['acme.com'], tenantRevision: 4 } },
  SiblingDomainsReleased: { stream: `mspDomainClaims-${id()}`, data: { tenantId: id(), domains: ['acme.com'], tenantRevision: 6 } },
  UserRegistered: {
    stream: `user-${id()}`,
    data: { userId: id(), email: 'zoë@xn--bcher-kva.example', firstName: 'Zoë', lastName: 'Ng', signInMethod: 'password', passwordHash: PASSWORD_HASH },
  },
  MspAdminGranted: { stream: `user-${id()}`, data: { mspId: id(), permissions: ['view_audit_log'] } },
  AccountClosed: { stream: `user-${id()}`, data: { reason: 'registration_failed' } },
  EmailReserved: {
    stream: `emailReservation-${HEX}`,
    data: {
      userId: id(),
      purpose: { kind: 'invite_link', tenantId: id(), identityReservation: `microsoftIdentity-${HEX}` },
      openedBy: { instanceId: 'host-1:3000', runId: id() },
    },
  },
  RegistrationCompleted: { stream: `emailReservation-${HEX}`, data: { userId: id() } },
  EmailReleased: { stream: `emailReservation-${HEX}`, data: { userId: id(), reason: 'registration_interrupted' } },
  EmailVerificationRequested: {
    stream: `emailReservation-${HEX}`,
    data: { userId: id(), tenantId: id(), tokenHash: stored.hash, codeHash: CODE_HASH, codeSeed: CODE_SEED, expiresAt: '2026-05-11T10:00:00.000Z' },
  },
  EmailVerificationResent: { stream: `emailReservation-${HEX}`, data: { userId: id() } },
  EmailVerified: { stream: `emailReservation-${HEX}`, data: { userId: id() } },
  EmailVerificationExpired: { stream: `emailReservation-${HEX}`, data: { userId: id(), expiresAt: '2026-05-11T10:00:00.000Z' } },
  MicrosoftIdentityReserved: { stream: `microsoftIdentity-${HEX}`, data: { userId: id() } },
  MicrosoftIdentityReleased: { stream: `microsoftIdentity-${HEX}`, data: { userId: id(), reason: 'registration_failed' } },
  MailSent: { stream: `mail-${MESSAGE_ID}`, data: { messageId: MESSAGE_ID, kind: 'email_verification', attempts: 2 } },
  MailDiscarded: {
    stream: `mail-${MESSAGE_ID}`,
    data: { messageId: MESSAGE_ID, kind: 'email_verification', reason: 'verification_no_longer_pending' },
  },
  AuditCheckpointRecorded: {
    stream: 'audit-checkpoints',
    data: { afterPosition: null, upToPosition: 7, count: 2, entries: [[3, HEX], [7, HEX]], digest: HEX },
  },
};

const check = (type: string, data: unknown, metadata: unknown = METADATA, stream?: string): string[] =>
  validateEvent(type, 1, data, metadata, stream);

describe('the event catalogue', () => {
  const inCode = eventTypesInCode();

  it('finds the event types of the code (the scan itself works)', () => {
    expect(inCode.get('InviteLinkEnabled')).toBe('src/modules/invite-links/domain/invite-link.events.ts');
    expect(inCode.size).toBeGreaterThanOrEqual(24);
  });

  it('has a schema for every version of every event type in the code, and none for anything else', () => {
    const expected = [...inCode.keys()].flatMap((type) =>
      Array.from({ length: currentSchemaVersion(type) }, (_, index) => `${type}.v${index + 1}.schema.json`),
    );
    expect(sorted(payloadSchemaFiles().map(({ file }) => file))).toEqual(sorted(expected));
  });

  it('has a section in docs/events.md for every event type in the code, and none for anything else', () => {
    expect(sorted(catalogueSections())).toEqual(sorted(inCode.keys()));
  });

  it('states each type\'s current schema version, its stream and every payload field in its section', () => {
    const sections = CATALOGUE.split(/^### /m).slice(1);
    for (const { type, version, file } of payloadSchemaFiles()) {
      const section = sections.find((text) => text.startsWith(`\`${type}\``));
      const schema = readSchema(file);
      expect({ type, version: section?.includes(`Schema version: ${currentSchemaVersion(type)}`) }).toEqual({ type, version: true });
      expect({ type, stream: section?.includes(`\`${String(schema['x-stream'])}\``) }).toEqual({ type, stream: true });
      for (const field of Object.keys(schema.properties as object)) {
        expect({ type, field, documented: section?.includes(`\`${field}\``) }).toEqual({ type, field, documented: true });
      }
      expect(version).toBeLessThanOrEqual(currentSchemaVersion(type));
    }
  });

  it('uses draft 2020-12 and closed shapes: every payload schema is an object without unlisted fields', () => {
    for (const file of [...payloadSchemaFiles().map((entry) => entry.file), ENVELOPE_SCHEMA_FILE]) {
      const schema = readSchema(file);
      expect({ file, draft: schema.$schema, closed: schema.additionalProperties }).toEqual({
        file,
        draft: 'https://json-schema.org/draft/2020-12/schema',
        closed: false,
      });
    }
  });

  it('marks as secret (writeOnly) exactly the fields of SECRET_FIELDS, the ones every reader leaves out', () => {
    const secret = payloadSchemaFiles().flatMap(({ file }) =>
      Object.entries(readSchema(file).properties as Record<string, { writeOnly?: boolean }>)
        .filter(([, property]) => property.writeOnly === true)
        .map(([field]) => field),
    );
    expect(sorted(secret)).toEqual(sorted(SECRET_FIELDS));
  });
});

describe('the event schemas', () => {
  it('have a sample of every type here, so that every schema is exercised', () => {
    expect(sorted(Object.keys(SAMPLES))).toEqual(sorted(payloadSchemaFiles().map(({ type }) => type)));
  });

  it.each(Object.entries(SAMPLES))('accept a real %s with its envelope and stream', (type, { stream, data }) => {
    expect(check(type, data, METADATA, stream)).toEqual([]);
  });

  it('accept the variants: a re-enabled link without token, a Microsoft account without password, each actor, a chained event', () => {
    expect(check('InviteLinkEnabled', { generation: 4 })).toEqual([]);
    expect(
      check('UserRegistered', { userId: id(), email: 'a@b.example', firstName: '', lastName: '', signInMethod: 'microsoft' }),
    ).toEqual([]);
    expect(check('EmailReserved', { userId: id() })).toEqual([]);
    expect(check('EmailReserved', { userId: id(), purpose: { kind: 'tenant_member' } })).toEqual([]);
    for (const actor of [{ type: 'operator' }, { type: 'system' }, { type: 'new_user', id: id() }, { type: 'user', id: id() }]) {
      expect(check('TenantCanceled', {}, { ...METADATA, actor })).toEqual([]);
    }
    expect(check('TenantCanceled', {}, { ...METADATA, integrity: { prev: null, hash: HEX } })).toEqual([]);
    expect(
      check('AuditCheckpointRecorded', {
        ...SAMPLES.AuditCheckpointRecorded.data,
        signature: `${'A'.repeat(86)}==`,
        keyId: HEX,
      }),
    ).toEqual([]);
  });

  it('refuse a missing field, naming it', () => {
    expect(check('MemberJoinedViaInviteLink', { userId: id(), roleId: 'member', method: 'password' })).toEqual([
      'data.generation: is required',
    ]);
  });

  it('refuse a field of the wrong type, naming it', () => {
    expect(check('InviteLinkDisabled', { reason: 42 })).toContain('data.reason: must be string');
    expect(check('MspCreated', { mspId: 'not-a-uuid', name: 'Acme' })).toEqual(['data.mspId: must match format "uuid"']);
    expect(check('TenantCreated', { ...SAMPLES.TenantCreated.data, builtInRoles: [{ id: 'member', name: 'Member', builtIn: 'yes' }] })).toEqual([
      'data.builtInRoles[0].builtIn: must be true',
    ]);
  });

  it('refuse a field the type does not have, naming it', () => {
    expect(check('TenantSsoRemoved', { protocol: 'saml' })).toEqual(['data.protocol: is not a field of this event']);
  });

  it('refuse a secret in the wrong shape: a plaintext token, a token without its ciphertext, a password that is not an argon2id hash', () => {
    expect(check('InviteLinkRegenerated', { generation: 2, token: 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5' })).toEqual([
      'data.token: must be object',
    ]);
    expect(check('InviteLinkEnabled', { generation: 1, token: { hash: stored.hash } })).toEqual(['data.token.ciphertext: is required']);
    expect(check('InviteLinkEnabled', { generation: 1, token: { ...stored, plaintext: 'x' } })).toEqual([
      'data.token.plaintext: is not a field of this event',
    ]);
    expect(
      check('UserRegistered', { ...SAMPLES.UserRegistered.data, passwordHash: 'Corr3ct-Horse!Battery' }),
    ).toEqual(['data.passwordHash: must match pattern "^\\$argon2id\\$v=19\\$m=[0-9]+,t=[0-9]+,p=[0-9]+\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+$"']);
    expect(check('UserRegistered', { ...SAMPLES.UserRegistered.data, signInMethod: 'microsoft' })).toEqual([
      'data.passwordHash: must not be present',
    ]);
  });

  it('refuse a plaintext email verification code beside its hash, a hash that is not one, and a request without its seed', () => {
    const requested = SAMPLES.EmailVerificationRequested.data;
    expect(check('EmailVerificationRequested', { ...requested, code: CODE })).toEqual(['data.code: is not a field of this event']);
    expect(check('EmailVerificationRequested', { ...requested, codeHash: `${CODE_HASH}=` })).toEqual([
      'data.codeHash: must match pattern "^[A-Za-z0-9_-]{43}$"',
    ]);
    const { codeSeed: _seed, ...withoutSeed } = requested;
    expect(check('EmailVerificationRequested', withoutSeed)).toEqual(['data.codeSeed: is required']);
  });

  it('accept every reason an undone registration records, and refuse one the catalogue does not list', () => {
    for (const reason of ['registration_failed', 'registration_interrupted', 'verification_expired', 'invite_link_no_longer_valid']) {
      expect(check('EmailReleased', { userId: id(), reason })).toEqual([]);
      expect(check('AccountClosed', { reason })).toEqual([]);
    }
    expect(check('EmailReleased', { userId: id(), reason: 'bored' })[0]).toMatch(/^data\.reason: must be one of/);
    expect(check('MailDiscarded', { ...SAMPLES.MailDiscarded.data, reason: 'bored' })[0]).toMatch(/^data\.reason: must be one of/);
    expect(check('MailSent', { ...SAMPLES.MailSent.data, attempts: 0 })).toEqual(['data.attempts: must be >= 1']);
  });

  it('refuse a token on an enabling that is not the first (generation 1)', () => {
    expect(check('InviteLinkEnabled', { generation: 2, token: stored })).toEqual(['data.generation: must be 1']);
  });

  it('refuse an envelope without schemaVersion, with an unknown actor or a malformed chain hash, naming the field', () => {
    const { schemaVersion: _absent, ...unversioned } = METADATA;
    expect(check('TenantCanceled', {}, unversioned)).toEqual(['metadata.schemaVersion: is required']);
    expect(check('TenantCanceled', {}, { ...METADATA, at: '11 May 2026' })).toContain('metadata.at: must match format "date-time"');
    expect(check('TenantCanceled', {}, { ...METADATA, actor: { type: 'operator', id: id() } })).toContain(
      'metadata.actor.id: is not a field of this event',
    );
    expect(check('TenantCanceled', {}, { ...METADATA, integrity: { prev: null, hash: 'forged' } })).toContain(
      'metadata.integrity.hash: must match pattern "^[0-9a-f]{64}$"',
    );
  });

  it('refuse an unknown type or version, and an event on another type\'s stream', () => {
    expect(validateEvent('InviteLinkExploded', 1, {}, METADATA)).toEqual([
      'type: no schema docs/events/InviteLinkExploded.v1.schema.json for InviteLinkExploded version 1',
    ]);
    expect(validateEvent('TenantCanceled', 2, {}, { ...METADATA, schemaVersion: 2 })[0]).toMatch(/^type: no schema/);
    expect(check('TenantCanceled', {}, METADATA, `user-${id()}`)).toEqual([
      expect.stringMatching(/^stream: user-.* is not the stream of TenantCanceled/),
    ]);
  });
});

describe('the validating event store of the e2e and API-spec tiers', () => {
  /** Just enough of an EventStore: appends go to an array. */
  function memoryStore(): EventStore & { readonly events: RecordedEvent[] } {
    const events: RecordedEvent[] = [];
    const store = {
      events,
      appendToStream(streamName: string, appended: readonly EventToAppend[]) {
        for (const event of appended) {
          events.push({ ...event, streamName, revision: 0, position: events.length, recordedAt: new Date() });
        }
        return Promise.resolve({ nextExpectedRevision: 0, position: events.length - 1 });
      },
      readAll: () => Promise.resolve([...events]),
    };
    return store as unknown as EventStore & { readonly events: RecordedEvent[] };
  }

  it('refuses an invalid append loudly and reports it, and lets valid events through', async () => {
    const store = memoryStore();
    const reported: string[] = [];
    guardEventAppends(store, (violations) => reported.push(...violations));
    const tenant = `tenant-${id()}`;

    await store.appendToStream(tenant, [{ id: id(), type: 'TenantCanceled', data: {}, metadata: METADATA as never }], { expectedRevision: 'any' });
    const invalid = { id: id(), type: 'InviteLinkDisabled', data: { reason: 'bored' }, metadata: METADATA as never };
    await expect(store.appendToStream(tenant, [invalid], { expectedRevision: 'any' })).rejects.toBeInstanceOf(EventSchemaViolation);

    expect(store.events.map((event) => event.type)).toEqual(['TenantCanceled']);
    expect(reported).toEqual([
      `InviteLinkDisabled ${invalid.id} in ${tenant} does not match docs/events: data.reason: must be one of ["admin","sso_configured","tenant_canceled"]`,
    ]);
  });

  it('reads a stored event without schemaVersion as version 1 when it scans a store, as the service does', async () => {
    const store = memoryStore();
    const { schemaVersion: _absent, ...legacy } = METADATA;
    await store.appendToStream(`tenant-${id()}`, [{ id: id(), type: 'InviteLinkDisabled', data: { reason: 'admin' }, metadata: legacy as never }], {
      expectedRevision: 'any',
    });
    expect(await storeViolations(store)).toEqual([]);
    await store.appendToStream(`tenant-${id()}`, [{ id: id(), type: 'InviteLinkDisabled', data: { reason: 'later' }, metadata: legacy as never }], {
      expectedRevision: 'any',
    });
    expect(await storeViolations(store)).toEqual([expect.stringContaining('data.reason: must be one of')]);
  });
});
