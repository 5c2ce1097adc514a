import { decodeHistoryCursor, encodeHistoryCursor, historyCursorKey } from './history-cursor';

describe('history cursor', () => {
  const key = historyCursorKey('secret');

  it('gives back the revision it was issued for, for that tenant and order only', () => {
    for (const revision of [0, 1, 35, 36, 123_456_789]) {
      const cursor = encodeHistoryCursor(key, 't-1', 'asc', revision);
      expect(decodeHistoryCursor(key, 't-1', 'asc', cursor)).toEqual({ revision });
      expect(decodeHistoryCursor(key, 't-2', 'asc', cursor)).toBeNull();
      expect(decodeHistoryCursor(key, 't-1', 'desc', cursor)).toBeNull();
      expect(decodeHistoryCursor(historyCursorKey('other secret'), 't-1', 'asc', cursor)).toBeNull();
    }
  });

  it('refuses edited and made-up cursors', () => {
    const cursor = encodeHistoryCursor(key, 't-1', 'asc', 10);
    const [position, mac] = cursor.split('.');
    for (const bad of ['', 'x', `${position}`, `b.${mac}`, `0${position}.${mac}`, `${position}.${mac.slice(1)}A`, `${cursor}.`, ` ${cursor}`]) {
      expect([bad, decodeHistoryCursor(key, 't-1', 'asc', bad)]).toEqual([bad, null]);
    }
  });

  it('refuses another spelling of the same MAC (a last character that differs only in padding bits)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const revision of [1, 2, 3, 10, 77]) {
      const cursor = encodeHistoryCursor(key, 't-1', 'asc', revision);
      const last = alphabet.indexOf(cursor[cursor.length - 1]);
      const sameBytes = alphabet[last ^ 1];
      const respelled = cursor.slice(0, -1) + sameBytes;
      expect(Buffer.from(respelled.split('.')[1], 'base64url')).toEqual(Buffer.from(cursor.split('.')[1], 'base64url'));
      expect(decodeHistoryCursor(key, 't-1', 'asc', respelled)).toBeNull();
    }
  });
});
