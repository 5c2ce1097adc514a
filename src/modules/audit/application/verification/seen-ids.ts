import { createHash } from 'node:crypto';
import { CompactTable, KEY_WORDS, wordsOfHex } from './compact-table';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The event ids seen so far, to catch an event stored twice. Every id of the log has to be kept,
 * so they are kept small: 16 bytes each (a UUID is 128 bits; any other id is reduced to the first
 * 128 bits of its sha256) in a CompactTable.
 */
export class SeenIds {
  private readonly table = new CompactTable(0);

  /** Adds the id; false when it was there already. */
  add(id: string): boolean {
    const hex = UUID.test(id) ? id.replace(/-/g, '') : createHash('sha256').update(id, 'utf8').digest('hex');
    return this.table.set(wordsOfHex(hex, KEY_WORDS));
  }
}
