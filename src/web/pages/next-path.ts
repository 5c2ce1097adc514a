/** Longer than any page of ours with its query; a longer `next` is not one we made. */
export const NEXT_PATH_MAX_LENGTH = 2000;

const BASE = 'http://next.invalid';

/**
 * The sign-in page's `next` (where to go after signing in) when it is a path on this site, else
 * null (the person lands on their default page). Only what the admin pages put there is let
 * through: an absolute path of this origin. Everything a browser could read as another site is
 * refused: `//host` and `/\host` (both mean another host to browsers), any backslash, a scheme
 * (`https:`, `javascript:`), and control characters (browsers drop tabs and newlines from URLs,
 * so `/\t/host` would become `//host`).
 */
export function safeNextPath(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > NEXT_PATH_MAX_LENGTH) return null;
  if (!raw.startsWith('/') || raw.startsWith('//')) return null;
  if (raw.includes('\\')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\s]/.test(raw)) return null;
  // A last check with the URL parser browsers use: the path must stay on this origin.
  let parsed: URL;
  try {
    parsed = new URL(raw, BASE);
  } catch {
    return null;
  }
  return parsed.origin === BASE ? raw : null;
}
