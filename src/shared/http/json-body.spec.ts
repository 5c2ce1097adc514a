import { isNestedDeeperThan, JSON_MAX_DEPTH } from './json-body';

const nestedObjects = (depth: number): unknown => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
const nestedArrays = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

describe('isNestedDeeperThan', () => {
  it('counts the top level as 1, and scalars not at all', () => {
    expect(isNestedDeeperThan(5, 0)).toBe(false);
    expect(isNestedDeeperThan(null, 0)).toBe(false);
    expect(isNestedDeeperThan({}, 0)).toBe(true);
    expect(isNestedDeeperThan({}, 1)).toBe(false);
    expect(isNestedDeeperThan({ a: { b: 1 } }, 1)).toBe(true);
    expect(isNestedDeeperThan({ a: { b: 1 } }, 2)).toBe(false);
    expect(isNestedDeeperThan({ allowedDomains: ['a.example', 'b.example'] }, 2)).toBe(false);
  });

  it.each([
    ['objects', nestedObjects],
    ['arrays', nestedArrays],
  ])('allows exactly JSON_MAX_DEPTH levels of %s and refuses one more', (_name, nested) => {
    expect(isNestedDeeperThan(nested(JSON_MAX_DEPTH), JSON_MAX_DEPTH)).toBe(false);
    expect(isNestedDeeperThan(nested(JSON_MAX_DEPTH + 1), JSON_MAX_DEPTH)).toBe(true);
  });

  it('finds a deep branch next to shallow ones', () => {
    expect(isNestedDeeperThan({ a: 1, b: [1, 2], c: { d: nestedArrays(JSON_MAX_DEPTH) } }, JSON_MAX_DEPTH)).toBe(true);
  });

  it('walks a million levels without recursion (no stack overflow)', () => {
    const deep = nestedArrays(1_000_000);
    expect(isNestedDeeperThan(deep, JSON_MAX_DEPTH)).toBe(true);
    // The whole structure, not only until the limit: no recursion at any depth.
    expect(isNestedDeeperThan(deep, 2_000_000)).toBe(false);
  });
});
