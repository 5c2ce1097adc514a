import type { StrengthRequest, StrengthResponse } from './strength-worker';
import { EMPTY_VERDICT, METER_MAX, StrengthVerdict } from './strength-verdict';

/**
 * The join page's password-strength meter (bundled by esbuild into dist/client/, served as
 * /assets/password-strength.<hash>.js, loaded with `defer`). It only shows: zxcvbn's estimate
 * runs in a Web Worker (strength-worker.ts, its URL in the meter's data-worker), never on the
 * page's thread and never on the server. The meter only advises: it never stops a submit, and
 * without JavaScript (or without workers) it stays hidden; the server's R13 check decides.
 */

const DEBOUNCE_MS = 150;

function start(): void {
  const root = document.querySelector<HTMLElement>('[data-password-strength]');
  const password = document.querySelector<HTMLInputElement>('#password');
  const meter = root?.querySelector<HTMLMeterElement>('meter');
  const verdictBox = root?.querySelector<HTMLElement>('[data-strength-verdict]');
  const workerUrl = root?.dataset.worker;
  if (!root || !password || !meter || !verdictBox || !workerUrl || typeof Worker === 'undefined') return;

  let worker: Worker;
  try {
    worker = new Worker(workerUrl);
  } catch {
    return; // no meter rather than a broken one
  }

  const show = (verdict: StrengthVerdict): void => {
    meter.max = METER_MAX;
    meter.value = verdict.value;
    meter.setAttribute('aria-valuetext', verdict.level === 'none' ? 'not rated' : verdict.level);
    root.dataset.level = verdict.level;
    // Only a change is written, so the live region announces each verdict once.
    if (verdictBox.textContent !== verdict.text) verdictBox.textContent = verdict.text;
  };

  let latest = 0;
  worker.onmessage = (event: MessageEvent<StrengthResponse>) => {
    // Answers to earlier keystrokes that arrive late are dropped.
    if (event.data.id === latest && password.value) show(event.data.verdict);
  };
  worker.onerror = () => {
    root.hidden = true;
  };

  /** The person's own details: zxcvbn counts a password built from them as weak. */
  const userInputs = (): string[] =>
    ['#firstName', '#lastName', '#email']
      .map((selector) => document.querySelector<HTMLInputElement>(selector)?.value.trim() ?? '')
      .flatMap((value) => [value, ...value.split(/[@.\s_-]+/)])
      .filter((value) => value.length >= 3);

  const update = (): void => {
    latest += 1;
    if (!password.value) {
      show(EMPTY_VERDICT);
      return;
    }
    const request: StrengthRequest = { id: latest, password: password.value, userInputs: userInputs() };
    worker.postMessage(request);
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  password.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, DEBOUNCE_MS);
  });

  show(EMPTY_VERDICT);
  root.hidden = false;
  if (password.value) update();
}

start();
