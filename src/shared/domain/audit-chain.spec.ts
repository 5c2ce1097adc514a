import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import {
  CHAIN_VERSION,
  eventHash,
  GENESIS_DIGEST,
  HASHED_MEMBERS,
  HashedContent,
  hashedContentOf,
  hashInput,
  integrityOf,
  nextLogDigest,
  secretDigestOf,
} from './audit-chain';

const stored = {
  id: '0f4c4a52-6a49-4c1f-9d0e-6a0c2b9a1d11',
  streamName: 'tenant-t1',
  revision: 3,
  type: 'InviteLinkRegenerated',
  data: { generation: 2, token: { hash: 'h', ciphertext: 'c' } },
  metadata: { actor: { type: 'msp_admin' as const, id: 'a1' }, at: '2026-12-02T09:00:00.000Z', correlationId: 'req-1', schemaVersion: 1 },
};

describe('audit chain arithmetic', () => {
  it('hashes the public payload and a digest of the secrets, so an export without secrets can be checked', () => {
    const content = hashedContentOf(stored);
    expect(content.publicData).toEqual({ generation: 2 });
    expect(content.secretDigest).toBe(secretDigestOf({ token: { hash: 'h', ciphertext: 'c' } }));
    expect(content.secretDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(content)).not.toContain('ciphertext');
  });

  it('changes the hash when anything it covers changes: payload, secret, actor, instant, stream position, predecessor', () => {
    const base = eventHash(hashedContentOf(stored), null);
    const variants = [
      { ...stored, data: { ...stored.data, generation: 3 } },
      { ...stored, data: { ...stored.data, token: { hash: 'h', ciphertext: 'd' } } },
      { ...stored, metadata: { ...stored.metadata, actor: { type: 'operator' as const } } },
      { ...stored, metadata: { ...stored.metadata, at: '2026-12-02T09:00:00.001Z' } },
      { ...stored, revision: 4 },
      { ...stored, streamName: 'tenant-t2' },
      { ...stored, type: 'InviteLinkEnabled' },
    ];
    for (const variant of variants) expect(eventHash(hashedContentOf(variant), null)).not.toBe(base);
    expect(eventHash(hashedContentOf(stored), 'a'.repeat(64))).not.toBe(base);
  });

  it('does not depend on the order of keys in the stored JSON', () => {
    const reordered = { ...stored, data: { token: { ciphertext: 'c', hash: 'h' }, generation: 2 } };
    expect(eventHash(hashedContentOf(reordered), null)).toBe(eventHash(hashedContentOf(stored), null));
  });

  it('reads an event stored before schema versions as version 1, as the export shows it', () => {
    const { schemaVersion: _dropped, ...legacyMetadata } = stored.metadata;
    expect(hashedContentOf({ ...stored, metadata: legacyMetadata })).toEqual(hashedContentOf(stored));
  });

  it('runs the log digest over positions and hashes in order', () => {
    const one = nextLogDigest(GENESIS_DIGEST, 1, 'a'.repeat(64));
    const two = nextLogDigest(one, 2, 'b'.repeat(64));
    expect(two).toMatch(/^[0-9a-f]{64}$/);
    expect(nextLogDigest(nextLogDigest(GENESIS_DIGEST, 2, 'b'.repeat(64)), 1, 'a'.repeat(64))).not.toBe(two);
  });

  it('reads the stored integrity only when it is well formed', () => {
    expect(integrityOf({ ...stored.metadata, integrity: { prev: null, hash: 'x' } })).toEqual({ prev: null, hash: 'x' });
    expect(integrityOf(stored.metadata)).toBeUndefined();
    expect(integrityOf({ ...stored.metadata, integrity: { prev: 3, hash: 'x' } } as never)).toBeUndefined();
  });
});

describe('hashInput: the hashed text, written member by member', () => {
  /** The definition: RFC 8785 of the whole object, by the general algorithm. */
  const general = (content: HashedContent, prev: string | null) => canonicalize({ chain: CHAIN_VERSION, prev, ...content }) as string;

  it('lists the members of the hashed object, in the order RFC 8785 sorts them', () => {
    const content = hashedContentOf({ ...stored, metadata: { ...stored.metadata, causationId: 'c1' } });
    const members = Object.keys({ chain: CHAIN_VERSION, prev: null, ...content });
    expect([...HASHED_MEMBERS]).toEqual([...members].sort());
    expect([...HASHED_MEMBERS]).toEqual([...HASHED_MEMBERS].sort());
  });

  it('writes exactly what canonicalize writes for the whole object, for any content', () => {
    const text = fc.string({ unit: 'grapheme' });
    const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
    const json: fc.Arbitrary<unknown> = fc.jsonValue();
    const contents = fc.record(
      {
        id: text,
        streamName: text,
        revision: fc.nat(),
        type: text,
        schemaVersion: fc.integer({ min: 1, max: 9 }),
        actor: fc.oneof(fc.record({ type: text }), fc.record({ type: text, id: text })),
        at: text,
        correlationId: text,
        causationId: text,
        publicData: fc.dictionary(text, json),
        secretDigest: fc.option(hex64, { nil: null }),
      },
      { requiredKeys: ['id', 'streamName', 'revision', 'type', 'schemaVersion', 'actor', 'at', 'correlationId', 'publicData', 'secretDigest'] },
    ) as fc.Arbitrary<HashedContent>;
    fc.assert(
      fc.property(contents, fc.option(hex64, { nil: null }), (content, prev) => {
        expect(hashInput(content, prev)).toBe(general(content, prev));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes what canonicalize writes where insertion order cannot hold (array-index keys, toJSON) and for awkward values', () => {
    const base = hashedContentOf(stored);
    const payloads: Record<string, unknown>[] = [
      { '10': 'a', '2': 'b', b: 1, a: 2 },
      { nested: { '0': 'x', z: [{ '1': 1, a: null }] } },
      { when: new Date('2026-12-02T09:00:00Z') },
      { 'é': 1, z: 2, '😀': 3, Z: 4, '': 5, ' ': 6 },
      { numbers: [0, -0, 1e21, 1e-7, 0.1, -5.5, 123456789012345680000] },
      { text: 'quote " backslash \\ newline \n tab \t control \u0001 pair 😀 é' },
      { list: [undefined, null, [[]], {}], skipped: undefined },
      // An own "__proto__" key, as JSON.parse makes one (the property test found it).
      JSON.parse('{"__proto__": {"a": 1}, "b": {"__proto__": []}}') as Record<string, unknown>,
    ];
    for (const publicData of payloads) {
      const content = { ...base, publicData };
      expect(hashInput(content, null)).toBe(general(content, null));
    }
  });

  it('refuses what RFC 8785 cannot write, as canonicalize does', () => {
    const base = hashedContentOf(stored);
    for (const publicData of [{ lone: '\ud800' }, { n: Number.NaN }, { n: Infinity }, { deep: [{ lone: 'x\udc00' }] }]) {
      expect(() => general({ ...base, publicData }, null)).toThrow();
      expect(() => hashInput({ ...base, publicData }, null)).toThrow();
    }
    expect(() => hashInput({ ...base, id: '\udfff' }, null)).toThrow('Lone surrogate');
  });

  it('gives the hash SHA-256 of that text, as any implementation of RFC 8785 and SHA-256 recomputes it', () => {
    const content = hashedContentOf(stored);
    const expected = createHash('sha256').update(general(content, 'ab'.repeat(32)), 'utf8').digest('hex');
    expect(eventHash(content, 'ab'.repeat(32))).toBe(expected);
  });
});
