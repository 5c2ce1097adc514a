import { OutgoingMail } from '../../../shared/application/mail-sender.port';

export interface VerificationMailInput {
  readonly messageId: string;
  /** The address being verified: the mail goes there and nowhere else. */
  readonly to: string;
  readonly productName: string;
  readonly organizationName: string;
  readonly firstName: string;
  /** `PUBLIC_BASE_URL/verify-email/<code>`: the one URL in the mail. */
  readonly link: string;
  /** How long the link still works, in whole minutes. */
  readonly ttlMinutes: number;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Every value that reaches the HTML goes through this: names are typed by people, some hostile. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => ESCAPES[character]);
}

/** A header must stay one line whatever a name holds. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/**
 * Names are typed by people: one that holds a URL must not put a second, clickable URL in the
 * mail. `https://x` reads `https: //x`, which no mail client turns into a link.
 */
function unlinked(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*):\/\//gi, '$1: //');
}

/** "45 minutes", "2 hours", "7 days": exact, in the largest unit that divides it (an hour and more). */
export function durationInWords(minutes: number): string {
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (minutes >= 1440 && minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  if (minutes >= 120 && minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

/**
 * The mail that asks someone who signed up through an invite link to confirm their address. It
 * says who asks (the organization, through the product), what the link does, how long and how
 * often it works, and what happens if they did not sign up (nothing). Plain text for every client
 * and HTML with inline styles only: no image, no remote resource, no tracking, and no URL but the
 * link itself, so that the mail cannot be mistaken for, or used as, anything else.
 */
export function verificationMail(input: VerificationMailInput): OutgoingMail {
  if (!/^https?:\/\/\S+$/.test(input.link)) throw new Error('verificationMail: the link must be one http(s) URL');
  const organization = unlinked(oneLine(input.organizationName));
  const product = unlinked(oneLine(input.productName));
  const firstName = unlinked(oneLine(input.firstName));
  const duration = durationInWords(input.ttlMinutes);
  const subject = `Confirm your email address to join ${organization}`;

  const text = [
    firstName ? `Hello ${firstName},` : 'Hello,',
    '',
    `You signed up to join ${organization} on ${product} with this email address (${input.to}). ${product} sends this email for ${organization} to make sure the address is yours.`,
    '',
    `Open this link to confirm your address and finish joining ${organization}:`,
    '',
    input.link,
    '',
    `The link works for ${duration}, and only once.`,
    '',
    `If you did not sign up, ignore this email: nothing happens, and nobody joins ${organization} with your address.`,
    '',
    `— ${product}`,
    '',
  ].join('\n');

  const h = {
    organization: escapeHtml(organization),
    product: escapeHtml(product),
    firstName: escapeHtml(firstName),
    to: escapeHtml(input.to),
    link: escapeHtml(input.link),
    duration: escapeHtml(duration),
  };
  const paragraph = 'margin:0 0 16px;font-size:16px;line-height:24px;';
  const small = 'margin:0 0 12px;font-size:14px;line-height:20px;color:#52606d;';
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:24px 12px;background:#f4f5f7;color:#1f2933;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;">
<div style="max-width:560px;margin:0 auto;padding:32px 24px;background:#ffffff;border:1px solid #dde1e6;border-radius:8px;">
<p style="${small}">${h.product}</p>
<h1 style="margin:0 0 24px;font-size:22px;line-height:30px;font-weight:600;">Confirm your email address to join ${h.organization}</h1>
<p style="${paragraph}">${firstName ? `Hello ${h.firstName},` : 'Hello,'}</p>
<p style="${paragraph}">You signed up to join <strong>${h.organization}</strong> on ${h.product} with this email address (<strong>${h.to}</strong>). ${h.product} sends this email for ${h.organization} to make sure the address is yours.</p>
<p style="${paragraph}">Confirm your address to finish joining ${h.organization}:</p>
<p style="margin:0 0 24px;"><a href="${h.link}" style="display:inline-block;padding:12px 20px;background:#1d4ed8;color:#ffffff;font-size:16px;font-weight:600;text-decoration:none;border-radius:6px;">Confirm and join ${h.organization}</a></p>
<p style="${small}">If the button does not work, copy this link into your browser:<br><a href="${h.link}" style="color:#1d4ed8;word-break:break-all;">${h.link}</a></p>
<p style="${paragraph}">The link works for ${h.duration}, and only once.</p>
<p style="${small}">If you did not sign up, ignore this email: nothing happens, and nobody joins ${h.organization} with your address.</p>
</div>
</body>
</html>
`;
  return { messageId: input.messageId, to: input.to, subject, text, html };
}
