import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPES } from './event-types';

const DOCS = join(__dirname, '..', '..', '..', '..', 'docs');

describe('EVENT_TYPES (what the audit feed accepts in type=)', () => {
  it('names every type of the event catalogue once, in its order, and nothing else', () => {
    const catalogue = [...readFileSync(join(DOCS, 'events.md'), 'utf8').matchAll(/^### `(\w+)`/gm)].map((match) => match[1]);
    expect(catalogue.length).toBeGreaterThan(20);
    expect(EVENT_TYPES).toEqual(catalogue);
  });

  it('has a JSON Schema for each type under docs/events', () => {
    const schemas = new Set(readdirSync(join(DOCS, 'events')).map((file) => /^(\w+)\.v1\.schema\.json$/.exec(file)?.[1]));
    expect(EVENT_TYPES.filter((type) => !schemas.has(type))).toEqual([]);
  });
});
