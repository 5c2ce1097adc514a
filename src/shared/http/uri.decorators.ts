import { ValidateBy, ValidationArguments } from 'class-validator';

/** RFC 3986 characters of a URI: unreserved, reserved, and `%` of a percent-encoding. */
const URI_CHARACTERS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;
const PERCENT_ENCODING = /%(?![0-9A-Fa-f]{2})/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):(.+)$/;
/** RFC 8141: urn:<NID>:<NSS>. */
const URN = /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,30}[A-Za-z0-9]:.+$/i;
/** Schemes that run or embed content wherever the value ever becomes a link. */
const SCRIPT_SCHEMES = new Set(['javascript', 'vbscript', 'data']);
/** `//` and a host right after it: WHATWG's parser would read `https:///x` as `https://x/`. */
const AUTHORITY = /^\/\/[^/?#]/;

function parsedUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function uriSyntaxOk(value: string): boolean {
  return URI_CHARACTERS.test(value) && !PERCENT_ENCODING.test(value);
}

/**
 * An absolute URI (RFC 3986: a scheme, then something), such as a SAML entity id:
 * `https://idp.example.com/metadata` or `urn:example:idp`. Surrounding whitespace is tolerated (the
 * controller trims it); whitespace, control or non-ASCII characters inside are not. Script schemes
 * are refused; an http(s) URI must name a host.
 */
export function isAbsoluteUri(raw: string): boolean {
  const value = raw.trim();
  if (!uriSyntaxOk(value)) return false;
  const match = SCHEME.exec(value);
  if (!match) return false;
  const scheme = match[1].toLowerCase();
  if (SCRIPT_SCHEMES.has(scheme)) return false;
  if (scheme === 'urn') return URN.test(value);
  if (scheme === 'http' || scheme === 'https') {
    const url = AUTHORITY.test(match[2]) ? parsedUrl(value) : null;
    return url !== null && url.hostname !== '';
  }
  return !match[2].startsWith('//') || AUTHORITY.test(match[2]);
}

/** An https URL with a host and no credentials in it, such as a SAML single sign-on URL. */
export function isHttpsUrl(value: string): boolean {
  if (!uriSyntaxOk(value) || !/^https:/i.test(value) || !AUTHORITY.test(value.slice('https:'.length))) return false;
  const url = parsedUrl(value);
  return url !== null && url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
}

const stringRule = (name: string, test: (value: string) => boolean, message: (property: string) => string) =>
  ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => typeof value === 'string' && test(value),
      defaultMessage: ({ property }: ValidationArguments) => message(property),
    },
  });

export const IsAbsoluteUri = () =>
  stringRule('isAbsoluteUri', isAbsoluteUri, (property) => `${property} must be an absolute URI with a scheme, such as https://idp.example.com/metadata or urn:example:idp`);

export const IsHttpsUrl = () =>
  stringRule('isHttpsUrl', isHttpsUrl, (property) => `${property} must be an https URL, such as https://idp.example.com/sso`);
