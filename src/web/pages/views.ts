import { ASSETS } from '../assets/assets';
import { CSRF_FIELD } from '../../shared/http/security/csrf';
import { FORM_EXPIRED_MESSAGE, INVALID_LINK_MESSAGE, PASSWORD_RULES, VERIFICATION_RESENT_MESSAGE } from './form-messages';
import { Html, html } from './html';
import { layout } from './layout';

export type JoinField = 'firstName' | 'lastName' | 'email' | 'password' | 'passwordConfirmation' | 'acceptTerms';
export const JOIN_FIELDS: readonly JoinField[] = ['firstName', 'lastName', 'email', 'password', 'passwordConfirmation', 'acceptTerms'];

/** Messages to show: next to a field, or at the top of the form (`form`). */
export type FormErrors = Partial<Record<JoinField | 'form', string[]>>;

export interface JoinValues {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly acceptTerms: boolean;
}

export const EMPTY_JOIN_VALUES: JoinValues = { firstName: '', lastName: '', email: '', acceptTerms: false };

export interface JoinPageModel {
  readonly token: string;
  readonly organizationName: string;
  readonly microsoft: boolean;
  readonly csrfToken: string;
  readonly values: JoinValues;
  readonly errors: FormErrors;
  /** The email is already registered: offer to sign in, beside the message. */
  readonly offerSignIn?: boolean;
}

const LABELS: Record<JoinField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  password: 'Password',
  passwordConfirmation: 'Confirm password',
  acceptTerms: 'Terms of Service and Privacy Policy',
};

export function csrfField(token: string): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;
}

function errorBox(id: string, messages: readonly string[] = []): Html {
  return html`<p class="field-error" id="${id}-error"${messages.length ? '' : html` hidden`}>${messages.join(' ')}</p>`;
}

/**
 * The short list at the top of a refused form (GOV.UK's error summary): one link per field, in
 * the form's order, with the field's first message; the field itself shows them all. Messages
 * that belong to no field are listed as they are.
 */
function errorSummary(errors: FormErrors): Html | '' {
  const items: Html[] = [];
  for (const message of errors.form ?? []) items.push(html`<li>${message}</li>`);
  for (const field of JOIN_FIELDS) {
    const first = errors[field]?.[0];
    if (first) items.push(html`<li><a href="#${field}">${first}</a></li>`);
  }
  if (!items.length) return '';
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" data-error-summary>
<h2 id="error-summary-title">There is a problem</h2>
<ul>${items}</ul>
</div>`;
}

function textField(
  field: JoinField,
  type: 'text' | 'email' | 'password',
  value: string,
  autocomplete: string,
  errors: FormErrors,
  extra: { describedBy?: string; autofocus?: boolean; after?: Html } = {},
): Html {
  const messages = errors[field] ?? [];
  const describedBy = [extra.describedBy, `${field}-error`, extra.after ? `${field}-action` : ''].filter(Boolean).join(' ');
  return html`<div class="field">
<label for="${field}">${LABELS[field]}</label>
<input id="${field}" name="${field}" type="${type}" value="${value}" autocomplete="${autocomplete}" required aria-required="true" aria-describedby="${describedBy}"${messages.length ? html` aria-invalid="true"` : ''}${type === 'email' ? html` inputmode="email" spellcheck="false" autocapitalize="none"` : ''}${extra.autofocus ? html` autofocus` : ''}>
${errorBox(field, messages)}
${extra.after ?? ''}
</div>`;
}

/**
 * The password-strength meter, filled by the page's bundled script (src/web/client) as the person
 * types, from an estimate made in a Web Worker (the worker script's URL is in data-worker).
 * Hidden until that script runs: without JavaScript there is nothing to show, and the server's
 * check (R13) decides anyway. The bar goes from 1 (very weak) to 5 (strong); 0 is empty.
 */
function strengthMeter(): Html {
  return html`<div class="strength" data-password-strength data-worker="${ASSETS.passwordStrengthWorkerJs.url}" hidden>
<meter id="password-strength-meter" min="0" max="5" low="2.5" high="3.5" optimum="5" value="0" aria-label="Password strength" aria-describedby="password-strength-verdict"></meter>
<p class="strength-verdict" id="password-strength-verdict" data-strength-verdict aria-live="polite"></p>
</div>`;
}

/**
 * Beside "User already registered": the way on for someone who already has an account. The email
 * is not put into the link: URLs end up in access logs and browser history, and sign-in works
 * without it.
 */
function signInInstead(): Html {
  return html`<p class="field-action" id="email-action">Already have an account with this email? <a href="/sign-in">Sign in</a></p>`;
}

/**
 * "Join [Organization Name]": the signup form of a valid invite link. The rules under the
 * password are neutral as served; the page's script marks each met or unmet once the person types.
 */
export function joinPage(model: JoinPageModel): string {
  const { token, organizationName, microsoft, csrfToken, values, errors, offerSignIn = false } = model;
  const action = `/join/${encodeURIComponent(token)}`;
  const termsErrors = errors.acceptTerms ?? [];
  const main = html`<div class="card">
<h1>Join ${organizationName}</h1>
${errorSummary(errors)}
${microsoft
    ? html`<form method="post" action="${action}/microsoft">
${csrfField(csrfToken)}
<button type="submit" class="secondary full">Continue with Microsoft</button>
</form>
<p class="divider">or sign up with email and password</p>`
    : ''}
<form method="post" action="${action}" data-join-form novalidate>
${csrfField(csrfToken)}
<div class="field-row">
${textField('firstName', 'text', values.firstName, 'given-name', errors)}
${textField('lastName', 'text', values.lastName, 'family-name', errors)}
</div>
${textField('email', 'email', values.email, 'email', errors, { after: offerSignIn ? signInInstead() : undefined })}
${textField('password', 'password', '', 'new-password', errors, { describedBy: 'password-rules' })}
<div class="field">
${strengthMeter()}
<ul class="rules" id="password-rules" aria-label="Password requirements">
${PASSWORD_RULES.map(
    (rule) => html`<li data-rule="${rule.problem}">${rule.text}<span class="rule-state visually-hidden"></span></li>\n`,
  )}<li>Not a commonly used password</li>
</ul>
</div>
${textField('passwordConfirmation', 'password', '', 'new-password', errors)}
<div class="field">
<div class="checkbox">
<input id="acceptTerms" name="acceptTerms" type="checkbox" value="yes" required aria-required="true" aria-describedby="acceptTerms-error"${values.acceptTerms ? html` checked` : ''}${termsErrors.length ? html` aria-invalid="true"` : ''}>
<label for="acceptTerms">I accept the <a href="/terms" target="_blank" rel="noopener noreferrer">Terms of Service</a> and the <a href="/privacy" target="_blank" rel="noopener noreferrer">Privacy Policy</a></label>
</div>
${errorBox('acceptTerms', termsErrors)}
</div>
<button type="submit" class="full">Create account</button>
</form>
<p class="alt-action">Already have an account? <a href="/sign-in">Sign in</a></p>
</div>`;
  return layout({
    title: `Join ${organizationName}`,
    brand: organizationName,
    main,
    scripts: [ASSETS.joinJs.url, ASSETS.passwordStrengthJs.url],
  });
}

/** R16: the same page, word for word, for every link that does not work. */
export function invalidLinkPage(): string {
  return layout({
    title: 'Invite link not valid',
    main: html`<div class="card notice"><p role="alert">${INVALID_LINK_MESSAGE}</p></div>`,
  });
}

export interface SignInPageModel {
  readonly csrfToken: string;
  readonly email: string;
  /** The password sign-in failed: shown at the top and tied to both fields. */
  readonly error?: string;
  /**
   * The email and password were right, but the account cannot sign in yet (its email is not
   * confirmed): shown at the top, the fields are not marked, since nothing in them is wrong.
   */
  readonly accountError?: string;
  /**
   * The account waits for its email confirmation: offer "Send the link again" for this email
   * (`offer`), or say that it was asked for (`sent`, the same neutral words whatever happened).
   */
  readonly resendVerification?: 'offer' | 'sent';
  /** Offer "Sign in with Microsoft" (MICROSOFT_CLIENT_ID is set). */
  readonly microsoft?: boolean;
  /** Why a Microsoft sign-in did not complete: shown at the top, the fields are not marked. */
  readonly microsoftError?: string;
  /** Where to go once signed in (already checked by safeNextPath), carried in a hidden field. */
  readonly next?: string | null;
}

export function signInPage(model: SignInPageModel): string {
  const { csrfToken, email, error, accountError, resendVerification, microsoft = false, microsoftError, next } = model;
  const main = html`<div class="card">
<h1>Sign in</h1>
${error ? html`<div class="error-summary" role="alert"><p id="sign-in-error">${error}</p></div>` : ''}
${accountError ? html`<div class="error-summary" role="alert"><p id="account-error">${accountError}</p></div>` : ''}
${resendVerification === 'sent' ? html`<p class="status-box" role="status" id="resend-status">${VERIFICATION_RESENT_MESSAGE}</p>` : ''}
${resendVerification === 'offer'
    ? html`<form method="post" action="/sign-in/resend-verification" class="alt-action">
${csrfField(csrfToken)}
<input type="hidden" name="email" value="${email}">
<button type="submit" class="secondary full">Send the link again</button>
</form>`
    : ''}
${microsoftError ? html`<div class="error-summary" role="alert"><p id="microsoft-error">${microsoftError}</p></div>` : ''}
${microsoft
    ? html`<form method="post" action="/sign-in/microsoft">
${csrfField(csrfToken)}
<button type="submit" class="secondary full">Sign in with Microsoft</button>
</form>
<p class="divider">or sign in with email and password</p>`
    : ''}
<form method="post" action="/sign-in" novalidate>
${csrfField(csrfToken)}
${next ? html`<input type="hidden" name="next" value="${next}">` : ''}
<div class="field">
<label for="email">Email</label>
<input id="email" name="email" type="email" value="${email}" autocomplete="username" inputmode="email" spellcheck="false" autocapitalize="none" required aria-required="true"${error ? html` aria-invalid="true" aria-describedby="sign-in-error"` : ''}>
</div>
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required aria-required="true"${error ? html` aria-invalid="true" aria-describedby="sign-in-error"` : ''}>
</div>
<button type="submit" class="full">Sign in</button>
</form>
</div>`;
  return layout({ title: 'Sign in', main });
}

export interface MembershipView {
  readonly tenantId: string;
  readonly tenantName: string | null;
  readonly roleId: string;
  readonly roleName: string | null;
}

export interface AppPageModel {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly memberships: readonly MembershipView[];
  readonly mspAdmin: boolean;
  readonly csrfToken: string;
}

/** Where a user lands after signup or sign-in: who they are, their tenant(s) and role(s). */
export function appPage(model: AppPageModel): string {
  const { firstName, lastName, email, memberships, mspAdmin, csrfToken } = model;
  const main = html`<div class="card">
<h1>Welcome, ${firstName} ${lastName}</h1>
<dl class="facts">
<dt>Name</dt><dd id="user-name">${firstName} ${lastName}</dd>
<dt>Email</dt><dd id="user-email">${email}</dd>
</dl>
<h2>Your organizations</h2>
${memberships.length
    ? html`<table>
<thead><tr><th scope="col">Organization</th><th scope="col">Role</th></tr></thead>
<tbody>
${memberships.map(
    (m) => html`<tr data-tenant-id="${m.tenantId}" data-role-id="${m.roleId}"><td>${m.tenantName ?? m.tenantId}</td><td>${m.roleName ?? m.roleId}</td></tr>\n`,
  )}</tbody>
</table>`
    : html`<p>${mspAdmin ? 'You are an MSP administrator and not a member of any tenant.' : 'You are not a member of any organization yet.'}</p>`}
${mspAdmin ? html`<p class="alt-action"><a href="/admin" class="button">Admin dashboard</a></p>` : ''}
<form method="post" action="/sign-out" class="alt-action">
${csrfField(csrfToken)}
<button type="submit" class="secondary">Sign out</button>
</form>
</div>`;
  return layout({ title: 'Your account', main, wide: true });
}

export function formExpiredPage(): string {
  return layout({
    title: 'Form expired',
    main: html`<div class="card notice"><h1>Form expired</h1><p role="alert">${FORM_EXPIRED_MESSAGE}</p></div>`,
  });
}

/** What a signed-in user who is not an MSP admin sees on any admin URL: nothing of the settings. */
export const NOT_ALLOWED_MESSAGE = 'You are not allowed to see this page. Ask an administrator of your MSP if you need access.';

export function notAllowedPage(): string {
  return layout({
    title: 'Not allowed',
    main: html`<div class="card notice"><h1>Not allowed</h1><p role="alert">${NOT_ALLOWED_MESSAGE}</p><p><a href="/app">Back to your account</a></p></div>`,
  });
}

export function errorPage(title: string, message: string): string {
  return layout({ title, main: html`<div class="card notice"><h1>${title}</h1><p>${message}</p></div>` });
}

export function termsPage(): string {
  return layout({
    title: 'Terms of Service',
    main: html`<div class="card"><h1>Terms of Service</h1>
<p>By creating an account you agree to use the service only for your organization's work, to keep your credentials secret, and to follow your administrator's policies.</p>
<p>Your administrator controls your membership and role and may remove your access at any time.</p>
</div>`,
  });
}

export function privacyPage(): string {
  return layout({
    title: 'Privacy Policy',
    main: html`<div class="card"><h1>Privacy Policy</h1>
<p>We store your name, email address, organization membership and role, and a salted hash of your password (never the password itself), to let you sign in and to show your administrator who joined.</p>
<p>This service loads nothing from third parties and sends no referrer to other sites.</p>
</div>`,
  });
}
