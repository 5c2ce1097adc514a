import { domainToASCII } from 'node:url';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** The ASCII (punycode) lower-case form of a hostname, or null when it is not a valid one. */
export function normalizeDomain(value: string): string | null {
  let host = value.trim().toLowerCase();
  if (host.startsWith('@')) host = host.slice(1);
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host === '' || /[\s/\\:@?#]/.test(host)) return null;
  const ascii = domainToASCII(host);
  if (ascii === '' || ascii.length > 253) return null;
  const labels = ascii.split('.');
  if (labels.length < 2) return null;
  if (!labels.every((label) => LABEL.test(label))) return null;
  // A top-level label made only of digits is an IP address, not a domain.
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return null;
  return ascii;
}

/** The domain part of an email address in its normalized (punycode) form, or null. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 1) return null;
  return normalizeDomain(email.slice(at + 1));
}
