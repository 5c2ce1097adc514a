import { durationInWords } from '../../modules/signup/application/verification-mail';
import {
  VERIFICATION_EXPIRED_MESSAGE,
  VERIFICATION_INVALID_MESSAGE,
  VERIFICATION_RESENT_MESSAGE,
  VERIFICATION_USED_MESSAGE,
} from './form-messages';
import { Html, html } from './html';
import { layout } from './layout';
import { csrfField } from './views';

export interface CheckEmailPageModel {
  /** The invite token the person signed up with: the resend form and "sign up again" go back to it. */
  readonly token: string;
  readonly organizationName: string;
  /** Where the link went (normalized), also what the resend form sends. */
  readonly email: string;
  /** EMAIL_VERIFICATION_TTL_MINUTES. */
  readonly ttlMinutes: number;
  readonly csrfToken: string;
  /** The answer to "Send the link again": the neutral status, whether or not anything was sent. */
  readonly resent?: boolean;
}

/**
 * "Check your email": what a signup on a link that requires email verification answers. Nothing
 * is joined yet; the person finishes in the mail. "Send the link again" mails the same link (the
 * registration caps how often) and its answer never says whether a signup waits for the address.
 * The join page's frame: the organization in the header, since the person may not know the product.
 */
export function checkEmailPage(model: CheckEmailPageModel): string {
  const { token, organizationName, email, ttlMinutes, csrfToken, resent = false } = model;
  const joinPath = `/join/${encodeURIComponent(token)}`;
  const main = html`<div class="card">
<h1>Check your email</h1>
${resent ? html`<p class="status-box" role="status" id="resend-status">${VERIFICATION_RESENT_MESSAGE}</p>` : ''}
<p id="check-email-text">We sent a link to <strong class="address">${email}</strong>. Open it to finish joining ${organizationName}. The link works for ${durationInWords(ttlMinutes)}, once.</p>
<p class="hint">Until then you are not a member and cannot sign in. Nothing arrived after a few minutes? Look in your spam folder, or send the link again.</p>
<form method="post" action="${joinPath}/resend" class="alt-action">
${csrfField(csrfToken)}
<input type="hidden" name="email" value="${email}">
<button type="submit" class="secondary" aria-describedby="check-email-text">Send the link again</button>
</form>
<p class="alt-action">Wrong address? <a href="${joinPath}">Sign up again</a> with the right one.</p>
</div>`;
  return layout({ title: 'Check your email', brand: organizationName, main });
}

/** What a code stands for, as the verification page shows it. */
export type VerifyEmailPageModel =
  | {
      readonly state: 'valid';
      readonly code: string;
      readonly email: string;
      /** Null when the tenant's name cannot be read: the page then says "your organization". */
      readonly organizationName: string | null;
      readonly csrfToken: string;
    }
  | { readonly state: 'used' | 'expired' | 'invalid' }
  /** The join refused on confirmation for a reason of its own (a domain the link no longer allows). */
  | { readonly state: 'refused'; readonly message: string };

/**
 * A link that no longer confirms. "Used" is most often the person themselves, opening the mail
 * again after joining: said calmly (a status, not an alert), with the way on.
 */
const REFUSALS: Record<'used' | 'expired' | 'invalid', { title: string; message: string; calm?: boolean; after?: Html }> = {
  used: {
    title: 'Link already used',
    message: VERIFICATION_USED_MESSAGE,
    calm: true,
    after: html`<p class="alt-action"><a href="/sign-in" class="button">Sign in</a></p>`,
  },
  expired: { title: 'Link expired', message: VERIFICATION_EXPIRED_MESSAGE },
  invalid: { title: 'Link not valid', message: VERIFICATION_INVALID_MESSAGE },
};

/**
 * GET /verify-email/:code: the page the mailed link opens. Opening it confirms nothing (mail
 * scanners fetch links too): one button, a form post, does. A code that no longer works says why,
 * in the domain's words, and what to do instead.
 */
export function verifyEmailPage(model: VerifyEmailPageModel): string {
  if (model.state === 'refused') {
    return layout({
      title: 'Cannot join',
      main: html`<div class="card notice"><h1>Cannot join</h1><p role="alert">${model.message}</p></div>`,
    });
  }
  if (model.state !== 'valid') {
    const { title, message, calm = false, after } = REFUSALS[model.state];
    return layout({
      title,
      main: html`<div class="card notice${calm ? ' info' : ''}"><h1>${title}</h1><p role="${calm ? 'status' : 'alert'}">${message}</p>${after ?? ''}</div>`,
    });
  }
  const { code, email, organizationName, csrfToken } = model;
  const organization = organizationName ?? 'your organization';
  const main = html`<div class="card">
<h1>Confirm your email address</h1>
<p>Confirm that <strong class="address">${email}</strong> is your address to finish joining <strong>${organization}</strong>.</p>
<form method="post" action="/verify-email/${encodeURIComponent(code)}">
${csrfField(csrfToken)}
<button type="submit" class="full">${organizationName ? `Confirm and join ${organizationName}` : 'Confirm and join'}</button>
</form>
<p class="hint alt-action">Did not sign up? Close this page: nothing happens without the button, and nobody joins with your address.</p>
</div>`;
  return layout({ title: 'Confirm your email address', brand: organizationName ?? undefined, main });
}
