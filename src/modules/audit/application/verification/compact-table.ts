/**
 * An open-addressing hash table of fixed-size records in typed arrays, outside the JS heap: the
 * verifier keeps one record per event id or per stream of a log that may hold millions, where a
 * Map of strings costs ten times the memory and most of the garbage collector's time.
 *
 * Keys are 128 bits (4 words) that the caller derives from its string (a UUID as it is, anything
 * else by hash); each record carries `valueWords` 32-bit words besides its key.
 */
export class CompactTable {
  private readonly recordWords: number;
  private records: Uint32Array;
  private used: Uint8Array;
  private size = 0;

  constructor(private readonly valueWords: number) {
    this.recordWords = KEY_WORDS + valueWords;
    this.records = new Uint32Array(1024 * this.recordWords);
    this.used = new Uint8Array(1024);
  }

  /** The value words of `key` (a view into the table, valid until the next insert), or undefined. */
  get(key: Uint32Array): Uint32Array | undefined {
    const slot = this.find(this.records, this.used, key);
    if (!this.used[slot]) return undefined;
    const at = slot * this.recordWords + KEY_WORDS;
    return this.records.subarray(at, at + this.valueWords);
  }

  /** Stores `value` under `key`; true when the key was new. */
  set(key: Uint32Array, value?: ArrayLike<number>): boolean {
    if ((this.size + 1) * 2 > this.used.length) this.grow();
    const slot = this.find(this.records, this.used, key);
    const isNew = !this.used[slot];
    if (isNew) {
      this.records.set(key, slot * this.recordWords);
      this.used[slot] = 1;
      this.size += 1;
    }
    if (value) this.records.set(value, slot * this.recordWords + KEY_WORDS);
    return isNew;
  }

  /** Linear probing: the slot holding `key`, or the free one where it belongs. */
  private find(records: Uint32Array, used: Uint8Array, key: Uint32Array): number {
    const mask = used.length - 1;
    let slot = (Math.imul(key[3] ^ key[1], 0x9e3779b1) >>> 0) & mask;
    while (used[slot]) {
      const at = slot * this.recordWords;
      if (records[at] === key[0] && records[at + 1] === key[1] && records[at + 2] === key[2] && records[at + 3] === key[3]) break;
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private grow(): void {
    const records = new Uint32Array(this.records.length * 2);
    const used = new Uint8Array(this.used.length * 2);
    for (let slot = 0; slot < this.used.length; slot++) {
      if (!this.used[slot]) continue;
      const record = this.records.subarray(slot * this.recordWords, (slot + 1) * this.recordWords);
      const target = this.find(records, used, record);
      records.set(record, target * this.recordWords);
      used[target] = 1;
    }
    this.records = records;
    this.used = used;
  }
}

export const KEY_WORDS = 4;

/** 32 hex digits (128 bits) as four words. */
export function wordsOfHex(hex: string, words: number, into = new Uint32Array(words)): Uint32Array {
  for (let word = 0; word < words; word++) into[word] = parseInt(hex.slice(word * 8, word * 8 + 8), 16);
  return into;
}
