/**
 * The last revision and hash of every stream, as the verifier walks the log in global order. A
 * log holds about one stream per two signups (an account and its email reservation), so a million
 * events hold half a million streams: each head is one 28-byte record of an open-addressing table
 * in typed arrays, off the JS heap (a Map of strings costs ten times that, and most of the garbage
 * collector's time):
 *
 * - the stream name's 64-bit fingerprint (two 32-bit multiply-xorshift lanes). Two streams with
 *   one fingerprint would share a head, which can only make the verifier report an alteration
 *   that is not there, never miss one: a wrong head matches neither the next revision nor, short
 *   of a SHA-256 collision, the `prev` hash;
 * - the revision;
 * - the first 128 bits of the head's hash, against which the next event's `prev` is compared
 *   (forging a `prev` that matches them is a 128-bit second preimage).
 */
const KEY_WORDS = 2;
const HASH_WORDS = 4;
const RECORD_WORDS = KEY_WORDS + 1 + HASH_WORDS;
/** Grow when the table is this full: linear probing stays short below it. */
const MAX_LOAD = 0.7;

export class StreamHeads {
  private records = new Uint32Array(1024 * RECORD_WORDS);
  private used = new Uint8Array(1024);
  private size = 0;
  private readonly key = new Uint32Array(KEY_WORDS);
  /** The record found by the last revisionOf(): where lastHashIs() looks. */
  private found = -1;

  /** The stream's last revision, or undefined when none was recorded. */
  revisionOf(streamName: string): number | undefined {
    fingerprint(streamName, this.key);
    const slot = this.slotOf(this.records, this.used, this.key);
    this.found = this.used[slot] ? slot : -1;
    return this.found < 0 ? undefined : this.records[slot * RECORD_WORDS + KEY_WORDS];
  }

  /** Whether `hash` is the head hash of the stream that revisionOf() found last. */
  lastHashIs(hash: string | null): boolean {
    if (this.found < 0 || hash === null || hash.length !== 64) return false;
    const at = this.found * RECORD_WORDS + KEY_WORDS + 1;
    for (let word = 0; word < HASH_WORDS; word++) {
      if (this.records[at + word] !== wordOfHex(hash, word)) return false;
    }
    return true;
  }

  /** Records the stream's new head. `hash` is a chain hash (64 lowercase hex digits). */
  set(streamName: string, revision: number, hash: string): void {
    if (hash.length !== 64) throw new Error(`Not a chain hash: ${hash}`);
    if (this.size + 1 > this.used.length * MAX_LOAD) this.grow();
    fingerprint(streamName, this.key);
    const slot = this.slotOf(this.records, this.used, this.key);
    const at = slot * RECORD_WORDS;
    if (!this.used[slot]) {
      this.used[slot] = 1;
      this.size += 1;
      this.records.set(this.key, at);
    }
    this.records[at + KEY_WORDS] = revision;
    for (let word = 0; word < HASH_WORDS; word++) {
      const value = wordOfHex(hash, word);
      if (value < 0) throw new Error(`Not a chain hash: ${hash}`);
      this.records[at + KEY_WORDS + 1 + word] = value;
    }
    this.found = -1;
  }

  /** Linear probing: the slot holding `key`, or the free one where it belongs. */
  private slotOf(records: Uint32Array, used: Uint8Array, key: ArrayLike<number>): number {
    const mask = used.length - 1;
    let slot = key[0] & mask;
    while (used[slot] && (records[slot * RECORD_WORDS] !== key[0] || records[slot * RECORD_WORDS + 1] !== key[1])) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private grow(): void {
    const records = new Uint32Array(this.records.length * 2);
    const used = new Uint8Array(this.used.length * 2);
    for (let slot = 0; slot < this.used.length; slot++) {
      if (!this.used[slot]) continue;
      const record = this.records.subarray(slot * RECORD_WORDS, (slot + 1) * RECORD_WORDS);
      const target = this.slotOf(records, used, record);
      records.set(record, target * RECORD_WORDS);
      used[target] = 1;
    }
    this.records = records;
    this.used = used;
    this.found = -1;
  }
}

/**
 * The `word`th 32-bit word of a hex text (8 lowercase hex digits), or -1 when those are not all
 * lowercase hex digits (parseInt would read "1234axyz" as 0x1234a).
 */
function wordOfHex(hex: string, word: number): number {
  let value = 0;
  for (let i = word * 8; i < word * 8 + 8; i++) {
    const code = hex.charCodeAt(i);
    const nibble = code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : -1;
    if (nibble < 0) return -1;
    value = value * 16 + nibble;
  }
  return value;
}

/** A 64-bit fingerprint of a string: two 32-bit lanes with different multipliers, each finished by an avalanche. */
function fingerprint(text: string, into: Uint32Array): void {
  let a = 0x811c9dc5 ^ text.length;
  let b = 0x2545f491 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
    b ^= b >>> 15;
  }
  into[0] = avalanche(a);
  into[1] = avalanche(b ^ Math.imul(a, 0x27d4eb2d));
}

/** murmur3's 32-bit finaliser: every input bit reaches every output bit. */
function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
