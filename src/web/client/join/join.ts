import {
  INVALID_EMAIL_MESSAGE,
  PASSWORD_MISMATCH_MESSAGE,
  PASSWORD_PROBLEM_MESSAGES,
  REQUIRED_MESSAGES,
  TERMS_NOT_ACCEPTED_MESSAGE,
} from './join-messages';
import { passwordProblems } from './password-rules';

/**
 * Progressive enhancement of the join form (served as /assets/join.<hash>.js): shows each
 * password rule as met or unmet while typing and stops a submit the server would refuse, with
 * the server's messages. Without it the form works the same, checked on the server only.
 * No eval, no inline handlers.
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

function messagesFor(value: string): string[] {
  return passwordProblems(value).map((problem) => PASSWORD_PROBLEM_MESSAGES[problem]);
}

function start(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-join-form]');
  if (!form) return;
  const field = (id: string): Field => form.querySelector<Field>(`#${id}`) as Field;
  const password = field('password');
  const confirmation = field('passwordConfirmation');
  const terms = field('acceptTerms');
  const rules = form.querySelectorAll<HTMLElement>('[data-rule]');

  const showRules = (): void => {
    const found: string[] = passwordProblems(password.value);
    rules.forEach((rule) => {
      const met = !found.includes(rule.getAttribute('data-rule') ?? '');
      rule.classList.toggle('met', met);
      rule.classList.toggle('unmet', !met && password.value.length > 0);
      const state = rule.querySelector('.rule-state');
      if (state) state.textContent = met ? ' (met)' : ' (not met)';
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
  showRules();

  form.addEventListener('submit', (event) => {
    const invalid: Field[] = [];
    for (const name of ['firstName', 'lastName'] as const) {
      const input = field(name);
      const blank = !input.value.trim();
      setError(input, blank ? [REQUIRED_MESSAGES[name]] : []);
      if (blank) invalid.push(input);
    }
    const email = field('email');
    // Only a blank email is stopped here: the syntax is the server's to judge.
    const emailOk = email.value.trim() !== '';
    setError(email, emailOk ? [] : [INVALID_EMAIL_MESSAGE]);
    if (!emailOk) invalid.push(email);
    const passwordMessages = messagesFor(password.value);
    setError(password, passwordMessages);
    if (passwordMessages.length) invalid.push(password);
    const mismatch = confirmation.value !== password.value;
    setError(confirmation, mismatch ? [PASSWORD_MISMATCH_MESSAGE] : []);
    if (mismatch) invalid.push(confirmation);
    setError(terms, terms.checked ? [] : [TERMS_NOT_ACCEPTED_MESSAGE]);
    if (!terms.checked) invalid.push(terms);
    if (invalid.length) {
      event.preventDefault();
      invalid[0].focus();
    }
  });
}

start();
