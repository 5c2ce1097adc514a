/**
 * Payload fields that hold secrets: the invite token's look-up hash and ciphertext (`token`), a
 * password's argon2id hash (`passwordHash`), and an email verification's material: the look-up
 * hash of its code (`codeHash`), the seed the code is derived from (`codeSeed`) and the hash of
 * the invite token it was asked through (`tokenHash`). They stay in the event store, where the service
 * needs them, and never leave it: the history, the audit feed and the audit export show an event
 * without them. One list, so every reader leaves out the same fields.
 */
export const SECRET_FIELDS: readonly string[] = ['token', 'passwordHash', 'codeHash', 'codeSeed', 'tokenHash'];

export interface SplitPayload {
  /** The payload without its secret fields: what may be shown, served or exported. */
  readonly publicData: Record<string, unknown>;
  /** The secret fields that were present, or null when the payload has none. */
  readonly secrets: Record<string, unknown> | null;
}

export function splitSecrets(data: Record<string, unknown>): SplitPayload {
  const publicData: Record<string, unknown> = {};
  let secrets: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(data)) {
    if (SECRET_FIELDS.includes(key)) (secrets ??= {})[key] = value;
    else publicData[key] = value;
  }
  return { publicData, secrets };
}
