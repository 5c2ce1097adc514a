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
});
