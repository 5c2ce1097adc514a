import { createHash, randomUUID } from 'node:crypto';
import { StreamHeads } from './stream-heads';

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

describe('StreamHeads', () => {
  it('keeps the last revision and hash of each stream, across growth, and tells unknown streams', () => {
    const heads = new StreamHeads();
    const streams = Array.from({ length: 5000 }, (_, i) => `user-${randomUUID()}-${i}`);
    streams.forEach((stream, i) => heads.set(stream, { revision: i, hash: hashOf(stream) }));
    heads.set(streams[7], { revision: 70_000, hash: hashOf('moved on') });

    expect(streams.every((stream, i) => i === 7 || heads.get(stream)?.revision === i)).toBe(true);
    expect(heads.get(streams[4999])).toEqual({ revision: 4999, hash: hashOf(streams[4999]) });
    expect(heads.get(streams[7])).toEqual({ revision: 70_000, hash: hashOf('moved on') });
    expect(heads.get('tenant-unknown')).toBeUndefined();
  });

  it('refuses what is not a chain hash rather than storing something that could compare equal', () => {
    expect(() => new StreamHeads().set('s', { revision: 0, hash: 'ABC' })).toThrow('Not a chain hash');
  });
});
