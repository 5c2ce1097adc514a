/**
 * Lengths of the names people and organizations give (in UTF-16 units, as stored): the DTOs check
 * typed names against them, and names from an identity provider are cut to them.
 */
export const NAME_MAX_LENGTH = { organization: 200, role: 100, person: 100 } as const;
