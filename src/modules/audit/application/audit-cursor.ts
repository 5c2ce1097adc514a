/**
 * The feed's cursor: the global position up to which the log has been read, wrapped so that
 * clients treat it as opaque (it is a KurrentDB commit position on one store and a sequence
 * number on the other, and may change shape).
 */
const PREFIX = 'after:';
const POSITION = /^(0|[1-9]\d{0,15})$/;

export function encodeCursor(position: number): string {
  return Buffer.from(`${PREFIX}${position}`, 'utf8').toString('base64url');
}

/** The position a cursor stands for, or undefined when the text is no cursor of this feed. */
export function decodeCursor(cursor: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) return undefined;
  const digits = text.slice(PREFIX.length);
  if (!POSITION.test(digits)) return undefined;
  const position = Number(digits);
  return Number.isSafeInteger(position) ? position : undefined;
}
