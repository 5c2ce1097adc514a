import { currentSchemaVersion, storedSchemaVersion, Upcaster, upcastEvent } from './event-schema-versions';

const metadata = { actor: { type: 'system' as const }, at: '2026-01-01T00:00:00.000Z', correlationId: 'c' };

describe('event schema versions', () => {
  it('reads an event stored before versions were recorded as version 1', () => {
    expect(storedSchemaVersion(metadata)).toBe(1);
    expect(storedSchemaVersion({ ...metadata, schemaVersion: 3 })).toBe(3);
    // A damaged value is not trusted as a version.
    expect(storedSchemaVersion({ ...metadata, schemaVersion: 0 })).toBe(1);
    expect(storedSchemaVersion({ ...metadata, schemaVersion: 1.5 })).toBe(1);
  });

  it('gives every type version 1 until its shape changes', () => {
    expect(currentSchemaVersion('TenantCreated')).toBe(1);
    expect(currentSchemaVersion('Renamed', { Renamed: 3 })).toBe(3);
  });

  it('leaves an event of the current version untouched (same object)', () => {
    const event = { type: 'TenantCreated', data: { name: 'A' }, metadata: { ...metadata, schemaVersion: 1 } };
    expect(upcastEvent(event)).toBe(event);
  });

  it('upcasts an old payload step by step to the current version, without touching the stored metadata', () => {
    const upcasters: Upcaster[] = [
      { type: 'Renamed', from: 1, upcast: (data) => ({ fullName: data.name }) },
      { type: 'Renamed', from: 2, upcast: (data) => ({ ...data, locale: 'en' }) },
    ];
    const legacy = { type: 'Renamed', data: { name: 'Dana' }, metadata };

    const read = upcastEvent(legacy, upcasters, { Renamed: 3 });

    expect(read.data).toEqual({ fullName: 'Dana', locale: 'en' });
    expect(read.metadata).toBe(metadata);
    expect(legacy.data).toEqual({ name: 'Dana' });
  });

  it('refuses to guess when a step is missing', () => {
    const legacy = { type: 'Renamed', data: { name: 'Dana' }, metadata };
    expect(() => upcastEvent(legacy, [], { Renamed: 2 })).toThrow('No upcaster for Renamed from schema version 1 to 2');
  });
});
