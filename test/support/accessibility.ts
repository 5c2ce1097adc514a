import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/**
 * Automated accessibility checks with axe-core (the npm package), run inside the page under
 * test. The script is evaluated through the DevTools protocol, which the page's strict
 * Content-Security-Policy does not govern, so the page is checked exactly as it is served: no
 * CSP bypass, no inline script tag.
 */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The impacts a page must not have: axe's "serious" and "critical" (WCAG 2.x A and AA rules). */
const BLOCKING = new Set(['serious', 'critical']);

/** One problem axe found, with the elements it found it on. */
export interface AccessibilityProblem {
  readonly rule: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: readonly string[];
}

interface AxeResult {
  readonly violations: readonly {
    readonly id: string;
    readonly impact?: string | null;
    readonly help: string;
    readonly nodes: readonly { readonly target: readonly unknown[] }[];
  }[];
}

declare const axe: { run(context: unknown, options: unknown): Promise<AxeResult> };

/**
 * The serious and critical problems axe-core finds on the page as it is now (an open dialog
 * included: with showModal() the rest of the page is inert, and axe checks what is rendered).
 * `include` narrows the check to one element (a CSS selector), for example an open dialog.
 */
export async function accessibilityProblems(page: Page, include?: string): Promise<AccessibilityProblem[]> {
  const loaded = await page.evaluate('typeof axe === "object"');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(
    ({ selector }) =>
      axe.run(selector ? { include: [selector] } : { exclude: [] }, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        resultTypes: ['violations'],
      }),
    { selector: include ?? null },
  );
  return result.violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    }));
}

/**
 * Fails the test when axe-core reports a serious or critical problem; the message names the
 * page state (`where`), each rule, what it asks for and the elements concerned.
 */
export async function expectAccessible(page: Page, where: string, include?: string): Promise<void> {
  const problems = await accessibilityProblems(page, include);
  if (problems.length === 0) return;
  const lines = problems.map((problem) => `- ${problem.impact} ${problem.rule}: ${problem.help} (${problem.targets.join(', ')})`);
  throw new Error(`Accessibility problems on ${where}:\n${lines.join('\n')}`);
}
