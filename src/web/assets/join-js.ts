import {
  INVALID_EMAIL_MESSAGE,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_MISMATCH_MESSAGE,
  PASSWORD_PROBLEM_MESSAGES,
  REQUIRED_MESSAGES,
  TERMS_NOT_ACCEPTED_MESSAGE,
} from '../pages/form-messages';

/**
 * Progressive enhancement of the join form (served as /assets/join.<hash>.js): shows each
 * password rule as met or unmet while typing and stops a submit the server would refuse, with
 * the server's messages. Without it the form works the same, checked on the server only.
 * Plain ES2019, no eval, no inline handlers; messages come from the same constants as the server.
 */
const messages = {
  password: PASSWORD_PROBLEM_MESSAGES,
  mismatch: PASSWORD_MISMATCH_MESSAGE,
  terms: TERMS_NOT_ACCEPTED_MESSAGE,
  required: REQUIRED_MESSAGES,
  email: INVALID_EMAIL_MESSAGE,
  min: PASSWORD_MIN_LENGTH,
  max: PASSWORD_MAX_LENGTH,
};

export const JOIN_JS = `(function () {
  'use strict';
  var M = ${JSON.stringify(messages)};
  var form = document.querySelector('form[data-join-form]');
  if (!form) return;
  var password = form.querySelector('#password');
  var confirmation = form.querySelector('#passwordConfirmation');
  var terms = form.querySelector('#acceptTerms');
  var rules = form.querySelectorAll('[data-rule]');

  function problems(value) {
    var found = [];
    var length = Array.from(value).length;
    if (length < M.min) found.push('too_short');
    if (length > M.max) found.push('too_long');
    if (!/\\p{Lu}/u.test(value)) found.push('missing_uppercase');
    if (!/\\p{Ll}/u.test(value)) found.push('missing_lowercase');
    if (!/\\p{Nd}/u.test(value)) found.push('missing_digit');
    if (!/[^\\p{L}\\p{Nd}]/u.test(value)) found.push('missing_special');
    return found;
  }

  function showRules() {
    var found = problems(password.value);
    rules.forEach(function (rule) {
      var met = found.indexOf(rule.getAttribute('data-rule')) < 0;
      rule.classList.toggle('met', met);
      rule.classList.toggle('unmet', !met && password.value.length > 0);
      var state = rule.querySelector('.rule-state');
      if (state) state.textContent = met ? ' (met)' : ' (not met)';
    });
  }

  function setError(input, texts) {
    var box = document.getElementById(input.id + '-error');
    if (!box) return;
    box.textContent = texts.join(' ');
    box.hidden = texts.length === 0;
    if (texts.length) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  password.addEventListener('input', function () {
    showRules();
    if (password.getAttribute('aria-invalid') === 'true') {
      setError(password, problems(password.value).map(function (p) { return M.password[p]; }));
    }
  });
  confirmation.addEventListener('input', function () {
    if (confirmation.getAttribute('aria-invalid') === 'true' && confirmation.value === password.value) {
      setError(confirmation, []);
    }
  });
  showRules();

  form.addEventListener('submit', function (event) {
    var invalid = [];
    ['firstName', 'lastName'].forEach(function (name) {
      var input = form.querySelector('#' + name);
      var blank = !input.value.trim();
      setError(input, blank ? [M.required[name]] : []);
      if (blank) invalid.push(input);
    });
    var email = form.querySelector('#email');
    // Only a blank email is stopped here: the syntax is the server's to judge.
    var emailOk = email.value.trim() !== '';
    setError(email, emailOk ? [] : [M.email]);
    if (!emailOk) invalid.push(email);
    var passwordProblems = problems(password.value).map(function (p) { return M.password[p]; });
    setError(password, passwordProblems);
    if (passwordProblems.length) invalid.push(password);
    var mismatch = confirmation.value !== password.value;
    setError(confirmation, mismatch ? [M.mismatch] : []);
    if (mismatch) invalid.push(confirmation);
    setError(terms, terms.checked ? [] : [M.terms]);
    if (!terms.checked) invalid.push(terms);
    if (invalid.length) {
      event.preventDefault();
      invalid[0].focus();
    }
  });
})();
`;
