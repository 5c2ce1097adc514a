import { createHash } from 'node:crypto';
import { CompactTable, KEY_WORDS, wordsOfHex } from './compact-table';

const HASH = /^[0-9a-f]{64}$/;
const HASH_WORDS = 8;

export interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}

/**
 * The last revision and hash seen of every stream, as the verifier walks the log. A log holds
 * about one stream per two signups (an account and its email reservation), so a million events
 * hold half a million streams: each head takes 52 bytes in a CompactTable (the stream name's
 * sha256 prefix, the revision, the 256-bit hash) instead of some 230 bytes of strings and objects
 * on the heap.
 *
 * Heads are the hashes the verifier recomputed: always the chain's 64 lowercase hex digits.
 */
export class StreamHeads {
  private readonly table = new CompactTable(1 + HASH_WORDS);
  private readonly value = new Uint32Array(1 + HASH_WORDS);

  get(streamName: string): StreamHead | undefined {
    const value = this.table.get(keyOf(streamName));
    if (!value) return undefined;
    let hash = '';
    for (let word = 1; word <= HASH_WORDS; word++) hash += value[word].toString(16).padStart(8, '0');
    return { revision: value[0], hash };
  }

  set(streamName: string, head: StreamHead): void {
    this.value[0] = head.revision;
    if (!HASH.test(head.hash)) throw new Error(`Not a chain hash: ${head.hash}`);
    wordsOfHex(head.hash, HASH_WORDS, this.value.subarray(1));
    this.table.set(keyOf(streamName), this.value);
  }
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function keyOf(streamName: string): Uint32Array {
  return wordsOfHex(sha256(streamName), KEY_WORDS);
}
