const CHUNK = 4096;
const HASH_BYTES = 32;

interface Chunk {
  readonly positions: Float64Array;
  readonly hashes: Buffer;
  length: number;
}

/**
 * (position, sha256 hash) pairs in increasing position order, at 40 bytes each: the events the
 * verifier has seen since the last checkpoint. Normally a few thousand; on a store written before
 * the chain, every old event waits here until the checkpoints that anchor them (appended after
 * them) arrive, so they are kept compact rather than as strings.
 */
export class PositionHashQueue {
  private chunks: Chunk[] = [];
  /** Index of the first live pair in chunks[0]. */
  private start = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(position: number, hash: string): void {
    let last = this.chunks[this.chunks.length - 1];
    if (!last || last.length === CHUNK) {
      last = { positions: new Float64Array(CHUNK), hashes: Buffer.alloc(CHUNK * HASH_BYTES), length: 0 };
      this.chunks.push(last);
    }
    last.positions[last.length] = position;
    last.hashes.write(hash, last.length * HASH_BYTES, HASH_BYTES, 'hex');
    last.length += 1;
    this.count += 1;
  }

  /** Pairs in order, from the oldest. */
  *pairs(): Generator<[number, string]> {
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      for (let i = c === 0 ? this.start : 0; i < chunk.length; i++) {
        yield [chunk.positions[i], chunk.hashes.toString('hex', i * HASH_BYTES, (i + 1) * HASH_BYTES)];
      }
    }
  }

  /** Forgets every pair up to and including `position`. */
  dropThrough(position: number): void {
    while (this.chunks.length > 0) {
      const chunk = this.chunks[0];
      while (this.start < chunk.length && chunk.positions[this.start] <= position) {
        this.start += 1;
        this.count -= 1;
      }
      if (this.start < chunk.length || chunk.length < CHUNK) return;
      this.chunks.shift();
      this.start = 0;
    }
  }
}
