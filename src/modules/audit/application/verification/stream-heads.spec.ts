import { createHash, randomUUID } from 'node:crypto';
import { StreamHeads } from './stream-heads';

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

describe('StreamHeads', () => {
  it('keeps the last revision and hash of each stream, across growth, and tells unknown streams', () => {
    const heads = new StreamHeads();
    const streams = Array.from({ length: 50_000 }, (_, i) => `user-${randomUUID()}-${i}`);
    streams.forEach((stream, i) => heads.set(stream, i, hashOf(stream)));
    heads.set(streams[7], 70_000, hashOf('moved on'));

    expect(streams.every((stream, i) => i === 7 || heads.revisionOf(stream) === i)).toBe(true);
    expect(heads.revisionOf(streams[4999])).toBe(4999);
    expect(heads.lastHashIs(hashOf(streams[4999]))).toBe(true);
    expect(heads.revisionOf(streams[7])).toBe(70_000);
    expect(heads.lastHashIs(hashOf('moved on'))).toBe(true);
    expect(heads.lastHashIs(hashOf(streams[7]))).toBe(false);
    expect(heads.revisionOf('tenant-unknown')).toBeUndefined();
    expect(heads.lastHashIs(hashOf('tenant-unknown'))).toBe(false);
  });

  it('compares a hash that differs only in its last 128 bits as the same head, and one that differs in its first as another', () => {
    const heads = new StreamHeads();
    const hash = hashOf('head');
    heads.set('tenant-a', 3, hash);
    heads.revisionOf('tenant-a');
    const flip = (at: number) => hash.slice(0, at) + (hash[at] === '0' ? '1' : '0') + hash.slice(at + 1);
    expect(heads.lastHashIs(flip(31))).toBe(false);
    expect(heads.lastHashIs(flip(0))).toBe(false);
    expect(heads.lastHashIs(flip(40))).toBe(true);
    expect(heads.lastHashIs(null)).toBe(false);
  });

  it('tells apart streams whose names differ in one character, in length or only in order', () => {
    const heads = new StreamHeads();
    const names = ['tenant-ab', 'tenant-ba', 'tenant-a', 'tenant-ab ', 'Tenant-ab', 'tenant-aa'];
    names.forEach((name, i) => heads.set(name, i, hashOf(name)));
    expect(names.map((name) => heads.revisionOf(name))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('refuses what is not a chain hash rather than storing something that could compare equal', () => {
    expect(() => new StreamHeads().set('s', 0, 'ABC')).toThrow('Not a chain hash');
  });
});
