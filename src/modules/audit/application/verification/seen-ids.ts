import { createHash } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WORDS = 4;

/**
 * The event ids seen so far, to catch an event stored twice. Every id of the log has to be kept,
 * so they are kept small: 16 bytes each in one typed array (a UUID is 128 bits; any other id is
 * reduced to the first 128 bits of its sha256), instead of a Set of strings at ten times the size.
 */
export class SeenIds {
  private keys = new Uint32Array(1024 * WORDS);
  private used = new Uint8Array(1024);
  private size = 0;

  /** Adds the id; false when it was there already. */
  add(id: string): boolean {
    const key = keyOf(id);
    if ((this.size + 1) * 2 > this.used.length) this.grow();
    const slot = this.find(this.keys, this.used, key);
    if (this.used[slot]) return false;
    this.put(this.keys, this.used, slot, key);
    this.size += 1;
    return true;
  }

  /** Open addressing with linear probing: the slot holding `key`, or the free one where it belongs. */
  private find(keys: Uint32Array, used: Uint8Array, key: Uint32Array): number {
    const mask = used.length - 1;
    let slot = (Math.imul(key[3] ^ key[1], 0x9e3779b1) >>> 0) & mask;
    while (used[slot]) {
      const at = slot * WORDS;
      if (keys[at] === key[0] && keys[at + 1] === key[1] && keys[at + 2] === key[2] && keys[at + 3] === key[3]) break;
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private put(keys: Uint32Array, used: Uint8Array, slot: number, key: Uint32Array): void {
    keys.set(key, slot * WORDS);
    used[slot] = 1;
  }

  private grow(): void {
    const keys = new Uint32Array(this.keys.length * 2);
    const used = new Uint8Array(this.used.length * 2);
    for (let slot = 0; slot < this.used.length; slot++) {
      if (!this.used[slot]) continue;
      const key = this.keys.subarray(slot * WORDS, slot * WORDS + WORDS);
      this.put(keys, used, this.find(keys, used, key), key);
    }
    this.keys = keys;
    this.used = used;
  }
}

function keyOf(id: string): Uint32Array {
  const hex = UUID.test(id) ? id.replace(/-/g, '') : createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 32);
  const key = new Uint32Array(WORDS);
  for (let word = 0; word < WORDS; word++) key[word] = parseInt(hex.slice(word * 8, word * 8 + 8), 16);
  return key;
}
