// The server's own rules and words (pure domain files that import nothing), so the live check and
// the server can never disagree; the common-password list stays on the server.
import { PASSWORD_RULE_MESSAGES, passwordRuleProblems } from '../../../modules/accounts/domain/password-rules';
import { INVALID_EMAIL, NAME_REQUIRED, PASSWORDS_DO_NOT_MATCH, TERMS_NOT_ACCEPTED } from '../../../modules/signup/domain/signup-messages';
import { PASSWORD_REQUIRED } from './join-messages';

/**
 * Progressive enhancement of the join form (served as /assets/join.<hash>.js): once the person
 * types a password, shows each rule as met or unmet (neutral before, as the server renders them);
 * stops a submit the server would refuse, with the server's messages, each next to its field.
 * Without it the form works the same, checked on the server only. No eval, no inline handlers.
 */

type Field = HTMLInputElement;

function setError(input: Field, texts: readonly string[]): void {
  const box = document.getElementById(`${input.id}-error`);
  if (!box) return;
  box.textContent = texts.join(' ');
  box.hidden = texts.length === 0;
  if (texts.length) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

/** What the password's error box says: one request for an empty field, else each unmet rule. */
function messagesFor(value: string): string[] {
  if (value === '') return [PASSWORD_REQUIRED];
  return passwordRuleProblems(value).map((problem) => PASSWORD_RULE_MESSAGES[problem]);
}

function start(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-join-form]');
  if (!form) return;
  const field = (id: string): Field => form.querySelector<Field>(`#${id}`) as Field;
  const password = field('password');
  const confirmation = field('passwordConfirmation');
  const terms = field('acceptTerms');
  const rules = form.querySelectorAll<HTMLElement>('[data-rule]');

  // Neutral while the field is empty: "At most 128 characters" is not an achievement yet.
  const showRules = (): void => {
    const typed = password.value !== '';
    const found: string[] = passwordRuleProblems(password.value);
    rules.forEach((rule) => {
      const met = typed && !found.includes(rule.getAttribute('data-rule') ?? '');
      rule.classList.toggle('met', met);
      rule.classList.toggle('unmet', typed && !met);
      const state = rule.querySelector('.rule-state');
      if (state) state.textContent = typed ? (met ? ' (met)' : ' (not met)') : '';
    });
  };

  password.addEventListener('input', () => {
    showRules();
    if (password.getAttribute('aria-invalid') === 'true') setError(password, messagesFor(password.value));
  });
  confirmation.addEventListener('input', () => {
    if (confirmation.getAttribute('aria-invalid') === 'true' && confirmation.value === password.value) {
      setError(confirmation, []);
    }
  });
  // A browser may restore a typed password on Back; otherwise this leaves the rules neutral.
  showRules();

  // The server's list of problems: read first, so the person knows what to fix.
  const summary = document.querySelector<HTMLElement>('[data-error-summary]');
  summary?.focus();

  form.addEventListener('submit', (event) => {
    const invalid: Field[] = [];
    for (const name of ['firstName', 'lastName'] as const) {
      const input = field(name);
      const blank = !input.value.trim();
      setError(input, blank ? [NAME_REQUIRED[name]] : []);
      if (blank) invalid.push(input);
    }
    const email = field('email');
    // Only a blank email is stopped here: the syntax is the server's to judge.
    const emailOk = email.value.trim() !== '';
    setError(email, emailOk ? [] : [INVALID_EMAIL]);
    if (!emailOk) invalid.push(email);
    const passwordMessages = messagesFor(password.value);
    setError(password, passwordMessages);
    if (passwordMessages.length) invalid.push(password);
    const mismatch = confirmation.value !== password.value;
    setError(confirmation, mismatch ? [PASSWORDS_DO_NOT_MATCH] : []);
    if (mismatch) invalid.push(confirmation);
    setError(terms, terms.checked ? [] : [TERMS_NOT_ACCEPTED]);
    if (!terms.checked) invalid.push(terms);
    if (invalid.length) {
      event.preventDefault();
      // The server's list would now be out of date; each field says what is wrong with it.
      if (summary) summary.hidden = true;
      invalid[0].focus();
    }
  });
}

start();
