import { accessSync, constants, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expectAccessible } from './accessibility';
import { TestApp, type TestAppOptions } from './test-app';

/**
 * Browser tests: playwright-core drives the system's Chromium (Debian's `chromium` package),
 * started by the test itself. Nothing is downloaded: set CHROMIUM_PATH to use another binary.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Required on this project's closed-network machines (no sandbox user namespaces, no GPU). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The two widths every page must be readable at (issue 6, item 5). */
export const DESKTOP = { width: 1440, height: 900 } as const;
export const PHONE = { width: 375, height: 812 } as const;

/** Where the screenshots of a test run go (test-output/ is git-ignored). */
export const SCREENSHOTS_DIR = resolve(__dirname, '..', '..', 'test-output', 'screenshots');

/**
 * Starts Chromium. A missing binary is an error, never a skip: a browser test that cannot run
 * must fail.
 */
export async function launchBrowser(): Promise<Browser> {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install Debian's chromium package (apt-get install chromium) ` +
        'or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** A fresh context (its own cookies and storage): one per simulated person. */
export async function newContext(
  browser: Browser,
  app: TestApp,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: app.url, viewport });
  context.setDefaultTimeout(10_000);
  return context;
}

/** A free TCP port on 127.0.0.1 (closed again before returning; a tiny race we accept). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * The app, started so that a browser can follow the links it prints: PUBLIC_BASE_URL is the
 * app's real origin (http://127.0.0.1:<port>) instead of TestApp's http://invites.test.
 */
export async function startAppForBrowser(options: TestAppOptions = {}): Promise<TestApp> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    try {
      return await TestApp.start({
        ...options,
        env: { PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, ...options.env },
      });
    } catch (error) {
      lastError = error; // most likely the port was taken in between: try another one
    }
  }
  throw lastError;
}

/**
 * The app and Chromium, started side by side. If either fails (no Chromium, say), the other is
 * stopped before the error is rethrown, so the test fails at once instead of hanging on a
 * child process nobody closes.
 */
export async function startAppAndBrowser(options: TestAppOptions = {}): Promise<{ app: TestApp; browser: Browser }> {
  const [app, browser] = await Promise.allSettled([startAppForBrowser(options), launchBrowser()]);
  if (app.status === 'fulfilled' && browser.status === 'fulfilled') return { app: app.value, browser: browser.value };
  if (app.status === 'fulfilled') await app.value.close();
  if (browser.status === 'fulfilled') await browser.value.close();
  throw app.status === 'rejected' ? app.reason : (browser as PromiseRejectedResult).reason;
}

export interface BrowserSession {
  readonly app: TestApp;
  readonly browser: Browser;
  /** A new page in a new browser context (its own cookies), watched for problems. */
  page(
    viewport?: { width: number; height: number },
    options?: { clipboard?: boolean },
  ): Promise<{ page: Page; problems: string[] }>;
}

/**
 * One app and one Chromium for a test file: started in a `beforeAll`, closed with every context
 * opened through `page()` in an `afterAll`. Call it at the top level of the test file.
 */
export function useAppAndBrowser(options: TestAppOptions = {}): BrowserSession {
  let started: { app: TestApp; browser: Browser } | undefined;
  const contexts: BrowserContext[] = [];
  const get = () => {
    if (!started) throw new Error('The app and the browser start in beforeAll: use them inside tests and hooks.');
    return started;
  };
  beforeAll(async () => {
    started = await startAppAndBrowser(options);
  });
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
    await started?.browser.close();
    await started?.app.close();
  });
  return {
    get app() {
      return get().app;
    },
    get browser() {
      return get().browser;
    },
    async page(viewport = DESKTOP, { clipboard = false } = {}) {
      const { app, browser } = get();
      const context = await newContext(browser, app, viewport);
      contexts.push(context);
      if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
      const page = await context.newPage();
      return { page, problems: watchForProblems(page) };
    },
  };
}

/**
 * Saves numbered full-page screenshots of a test file into
 * test-output/screenshots/<test-file-name>/<NN>-<step-name>.png. The folder is emptied when the
 * file starts, so it always shows the last run.
 */
export class Screenshots {
  readonly dir: string;
  private count = 0;

  constructor(testFile: string) {
    this.dir = join(SCREENSHOTS_DIR, basename(testFile).replace(/\.test\.ts$/, '').replace(/\.ts$/, ''));
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  /** Saves the page as it is now; returns the file's path. */
  async take(page: Page, step: string): Promise<string> {
    this.count += 1;
    const name = step
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80);
    const file = join(this.dir, `${String(this.count).padStart(2, '0')}-${name || 'step'}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }

  /**
   * The page as it is now at 1440 px and at 375 px: axe-core checks each width (the layout
   * changes between them; only `within`, an open dialog, when given), a screenshot of each is
   * saved as "<step> 1440" and "<step> 375", and at 375 px nothing may stick out sideways. The
   * page goes back to the width it had. `show`: scrolled into view at each width first, for a
   * part of a long dialog that would otherwise be out of the picture.
   */
  async atBothWidths(page: Page, step: string, within?: string, show?: Locator): Promise<void> {
    const before = page.viewportSize() ?? DESKTOP;
    for (const viewport of [DESKTOP, PHONE]) {
      await page.setViewportSize(viewport);
      await show?.scrollIntoViewIfNeeded();
      if (viewport === PHONE) {
        // A string: the test code is compiled without the DOM's types.
        const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
        expect([step, overflow]).toEqual([step, 0]);
      }
      await expectAccessible(page, `${step} at ${viewport.width} px`, within);
      await this.take(page, `${step} ${viewport.width}`);
    }
    await page.setViewportSize(before);
  }
}

/** Requests a page answers itself (navigations, its script's API calls): their 4xx may be the point. */
const ANSWERED_BY_THE_PAGE = new Set(['document', 'fetch', 'xhr']);

/**
 * Records what a page complains about: uncaught errors, console errors (a CSP violation is
 * reported there), server errors (5xx), failed requests, and any 4xx for something the page loads
 * by itself (a stylesheet, a script, an image, the favicon the browser asks for). Answers the
 * page's own script expects (404 for another MSP's tenant, 409, 422) and pages that are refusals
 * (a 404 invite link, a 401 sign-in) are not problems; Chromium's "Failed to load resource"
 * console lines, which it writes for those as for everything else, are left out.
 */
export function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 500) problems.push(`server error: ${response.status()} ${response.url()}`);
    else if (response.status() >= 400 && !ANSWERED_BY_THE_PAGE.has(response.request().resourceType())) {
      problems.push(`${response.status()} for ${response.request().resourceType()} ${response.url()}`);
    }
  });
  page.on('requestfailed', (failed) => {
    const reason = failed.failure()?.errorText ?? '';
    // A navigation away (or a redirect followed by the page) aborts requests still in flight.
    if (reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${failed.url()} ${reason}`);
  });
  return problems;
}

/** Signs in through the /sign-in form, as a person would. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/sign-in'), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
}
