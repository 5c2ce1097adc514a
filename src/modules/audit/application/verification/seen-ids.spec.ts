import { randomUUID } from 'node:crypto';
import { SeenIds } from './seen-ids';

describe('SeenIds', () => {
  it('tells a second sighting of an id from a first one, across growth, for UUIDs and other ids', () => {
    const seen = new SeenIds();
    const ids = [...Array.from({ length: 5000 }, () => randomUUID()), 'not-a-uuid', 'another id'];
    expect(ids.map((id) => seen.add(id)).every(Boolean)).toBe(true);
    expect(ids.map((id) => seen.add(id)).some(Boolean)).toBe(false);
    expect(seen.add(ids[17].toUpperCase())).toBe(false);
    expect(seen.add(randomUUID())).toBe(true);
  });
});
