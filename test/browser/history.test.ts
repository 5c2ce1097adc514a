import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ASSETS } from '../../src/web/assets/assets';
import { NOT_ALLOWED_MESSAGE } from '../../src/web/pages/views';
import { DESKTOP, launchBrowser, Screenshots, startAppForBrowser, watchForProblems } from '../support/browser';
import { Admin, aStrongPassword, paths, SSO_CONFIG, TestApp, tokenOf } from '../support/test-app';

/**
 * The invite-link history view (issue 6, item 3; issue 16, point 1) in Chromium: an admin's
 * changes and a signup through the link, shown newest first in plain words with the people's
 * names and emails, the events of one save as one entry, filtered by type, and replayed to past
 * instants with the "state at" picker. Screenshots of every state at 1440 px and 375 px go to
 * test-output/screenshots/history/; axe-core checks each of them.
 */
describe('browser: invite link history', () => {
  const T0 = new Date('2025-06-02T08:00:00.000Z');
  const minute = (n: number, seconds = 0) => new Date(T0.getTime() + n * 60_000 + seconds * 1000);
  /** The browser's time zone: CEST (UTC+2) on these dates, so local time differs from the ISO instants. */
  const TIME_ZONE = 'Europe/Berlin';

  let t: TestApp;
  let browser: Browser;
  let admin: Admin;
  let tenantId: string;
  let engineersRoleId: string;
  let ada: { userId: string; email: string; password: string };
  let apiItems: {
    type: string;
    at: string;
    actor: { type: string; id?: string };
    actorName: string;
    data: Record<string, unknown>;
    correlationId: string;
  }[];
  const shots = new Screenshots(__filename);
  const contexts: BrowserContext[] = [];

  const historyPath = (id: string) => `/admin/tenants/${encodeURIComponent(id)}/invite-link/history`;

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: t.url, viewport: DESKTOP, timezoneId: TIME_ZONE, locale: 'en-GB' });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    return context.newPage();
  }

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  }

  async function openHistory(page: Page, query = '', id = tenantId): Promise<void> {
    await page.goto(historyPath(id) + query);
    await page.locator('#history-app[data-loaded="true"]').waitFor();
  }

  /** Picks a filter and waits for the page of that type (the filter asks the API). */
  async function filterBy(page: Page, type: string): Promise<void> {
    await page.getByLabel('Show').selectOption(type);
    await timelineSettled(page);
  }

  /** The timeline is not waiting for the API. */
  const timelineSettled = (page: Page) => page.locator('#timeline:not([aria-busy])').waitFor({ state: 'attached' });

  /**
   * What went wrong on a page: uncaught errors, console errors (CSP violations among them) and
   * every answer of 400 or more. Chromium's own "Failed to load resource" console lines are left
   * out: they name no URL, the answers themselves are listed, and the sign-in page's favicon
   * request (which Playwright does not report) produces one.
   */
  function watch(page: Page): () => string[] {
    const problems = watchForProblems(page);
    page.on('response', (response) => {
      if (response.status() < 400) return;
      const url = new URL(response.url());
      problems.push(`HTTP ${response.status()} ${response.request().method()} ${url.pathname}${url.search}`);
    });
    return () => problems.filter((problem) => !problem.startsWith('console error: Failed to load resource'));
  }

  const texts = (page: Page, selector: string) => page.locator(selector).allInnerTexts();
  const visibleEntries = (page: Page) => page.locator('#timeline > li:visible');
  /** Waits until the "state at" answer is the one for `iso`. */
  const resultAt = (page: Page, iso: string) => page.locator(`#state-at-result-title time[datetime="${iso}"]`).waitFor();
  /** Waits until the picker's error message says `text`. */
  const atErrorIs = async (page: Page, text: string) => {
    await page.locator('#state-at-error', { hasText: text }).waitFor({ state: 'visible' });
    expect(await page.locator('#state-at-error').innerText()).toBe(text);
  };
  /** Whether the element has the keyboard focus. */
  const isFocused = (page: Page, selector: string) =>
    page.locator(selector).evaluate((element) => element === element.ownerDocument.activeElement);
  const fact = (page: Page, term: string) => page.locator(`#state-at-facts dd[data-fact="${term}"]`).innerText();

  beforeAll(async () => {
    t = await startAppForBrowser({ controllableClock: true });
    browser = await launchBrowser();

    // Everything happens at instants of the past, one change a minute, so that every state has
    // its own instant (sessions keep real time: only the events' `at` follows this clock).
    t.clock.set(minute(-10));
    const msp = await t.createMsp();
    admin = await t.createAdmin(msp.id);
    tenantId = (await t.createTenant(msp.id, 'Lovelace Labs', admin.token)).id;
    const asAdmin = t.as(admin.token);
    const put = async (body: object) => {
      const response = await asAdmin.put(paths.inviteLink(tenantId)).send(body);
      expect([JSON.stringify(body), response.status]).toEqual([JSON.stringify(body), 200]);
      return response.body as { url: string | null };
    };

    t.clock.set(minute(-5));
    engineersRoleId = (await asAdmin.post(paths.roles(tenantId)).send({ name: 'Engineers' })).body.id;
    t.clock.set(minute(0));
    await put({ enabled: true, defaultRoleId: 'member' });
    t.clock.set(minute(1));
    // One Save of the dialog: two changes in one request.
    await put({ defaultRoleId: engineersRoleId, allowedDomains: ['a.example', 'b.example'] });
    t.clock.set(minute(3));
    await put({ allowedDomains: 'a.example\nc.example' });
    t.clock.set(minute(4));
    await put({ enabled: false });
    t.clock.set(minute(5));
    await put({ enabled: true });
    t.clock.set(minute(6));
    const regenerated = await asAdmin.post(paths.regenerate(tenantId));
    expect(regenerated.status).toBe(200);
    t.clock.set(minute(7));
    const password = aStrongPassword();
    const email = `ada.${Date.now()}@c.example`;
    const signup = await t
      .anonymous()
      .post(`/api/v1/invite-links/${tokenOf(regenerated.body.url)}/signups`)
      .send({ firstName: 'Ada', lastName: 'Lovelace', email, password, passwordConfirmation: password, acceptTerms: true });
    expect(signup.status).toBe(201);
    ada = { userId: signup.body.userId, email, password };
    t.clock.set(minute(8));
    expect((await asAdmin.put(paths.sso(tenantId)).send(SSO_CONFIG)).status).toBe(200);
    t.clock.useRealTime();

    const history = await asAdmin.get(paths.history(tenantId));
    expect(history.status).toBe(200);
    apiItems = history.body.items;
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('the API history the page will show (oldest first)', () => {
    expect(apiItems.map((item) => [item.type, item.at])).toEqual([
      ['InviteLinkDefaultRoleChanged', minute(0).toISOString()],
      ['InviteLinkEnabled', minute(0).toISOString()],
      ['InviteLinkDefaultRoleChanged', minute(1).toISOString()],
      ['InviteLinkAllowedDomainsChanged', minute(1).toISOString()],
      ['InviteLinkAllowedDomainsChanged', minute(3).toISOString()],
      ['InviteLinkDisabled', minute(4).toISOString()],
      ['InviteLinkEnabled', minute(5).toISOString()],
      ['InviteLinkRegenerated', minute(6).toISOString()],
      ['MemberJoinedViaInviteLink', minute(7).toISOString()],
      ['TenantSsoConfigured', minute(8).toISOString()],
      ['InviteLinkDisabled', minute(8).toISOString()],
    ]);
    // Each request's events share its correlationId: the page groups them into one entry.
    const saves = apiItems.map((item) => item.correlationId);
    expect(saves[0]).toBe(saves[1]);
    expect(saves[2]).toBe(saves[3]);
    expect(saves[9]).toBe(saves[10]);
    expect(new Set(saves).size).toBe(8);
  });

  it('shows an MSP admin every save newest first, in plain words, with who (name, email, role) and when', async () => {
    const page = await newPage();
    const problems = watch(page);
    await signIn(page, admin.email, admin.password);
    await openHistory(page);

    expect(await page.locator('h1').innerText()).toBe('Invite link history: Lovelace Labs');
    expect(await page.locator('#history-app > .hint').first().innerText()).toContain('Times are shown in your local time zone (Europe/Berlin).');
    expect(await page.locator('nav.breadcrumb[aria-label="Breadcrumb"] a').evaluateAll((links) => links.map((a) => [a.textContent, a.getAttribute('href')]))).toEqual([
      ['Tenants', '/admin'],
      ['Lovelace Labs', `/admin/tenants/${tenantId}/users`],
    ]);

    // The events of one request form one entry, in the order they were decided.
    expect(await texts(page, '#timeline > li .event-what')).toEqual([
      'SSO configured for the tenant: the invite link cannot be used while it is; link disabled (reason: SSO configured)',
      'Ada Lovelace joined via the link with email and password',
      'Link regenerated (the previous link stopped working)',
      'Link enabled',
      'Link disabled (reason: turned off by an admin)',
      'Domains added: c.example; removed: b.example',
      'Default role changed from Member to Engineers; domains added: a.example, b.example',
      'Default role set to Member; link enabled',
    ]);
    // One time per save (its newest event's), newest first.
    const instants = await page.locator('#timeline > li .event-when time').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('datetime')));
    expect(instants).toEqual([8, 7, 6, 5, 4, 3, 1, 0].map((n) => minute(n).toISOString()));
    // The grouped entry keeps every event it stands for.
    const grouped = page.locator('#timeline > li').nth(6);
    expect(await grouped.getAttribute('data-types')).toBe('InviteLinkAllowedDomainsChanged InviteLinkDefaultRoleChanged');
    expect(await grouped.getAttribute('data-correlation-id')).toBe(apiItems[2].correlationId);
    // Readable local time (Berlin, UTC+2) next to the ISO instant.
    expect(await page.locator('#timeline > li').first().locator('.event-when').innerText()).toMatch(
      /^2 Jun 2025,? 10:08:00\s*2025-06-02T08:08:00\.000Z$/,
    );

    const details = await texts(page, '#timeline > li .event-detail');
    expect(details).toEqual([
      'Identity provider: https://idp.example.net/metadata',
      'Role given: Engineers',
      'Allowed now: a.example, c.example',
      'Allowed now: a.example, b.example',
    ]);
    // People by name and email (the API's actorName) and what they were; no raw ids in the text.
    const who = await texts(page, '#timeline > li .event-who');
    expect(who).toHaveLength(8);
    expect(who[1]).toBe(`By Ada Lovelace · ${ada.email} · new user via invite link`);
    for (const index of [0, 2, 3, 4, 5, 6, 7]) expect(who[index]).toBe(`By Ada Admin · ${admin.email} · MSP admin`);
    expect(await page.locator('#timeline').innerText()).not.toContain(admin.id);
    expect(await page.locator('#timeline').innerText()).not.toContain(ada.userId);
    // The account ids stay available to auditors: in an attribute, and as the name's tooltip.
    const lines = page.locator('#timeline > li .event-who');
    expect(await lines.nth(1).getAttribute('data-actor-id')).toBe(ada.userId);
    expect(await lines.nth(0).getAttribute('data-actor-id')).toBe(admin.id);
    expect(await lines.nth(0).locator('.actor-name').getAttribute('title')).toBe(`Account id ${admin.id}`);
    expect(await page.locator('#timeline-count').innerText()).toBe('Showing all 8 changes, newest first.');
    // Everything fits on one page: nothing older to load.
    expect(await page.locator('#history-more').isVisible()).toBe(false);

    // "Show the link after this change" is a quiet text link, not a full-size button, and still a button.
    const quiet = page.getByRole('button', { name: 'Show the link after this change' }).first();
    const look = await quiet.evaluate((element) => {
      const style = element.ownerDocument.defaultView!.getComputedStyle(element);
      return { tag: element.tagName, background: style.backgroundColor, decoration: style.textDecorationLine, fontSize: style.fontSize, border: style.borderTopWidth };
    });
    expect(look).toEqual({ tag: 'BUTTON', background: 'rgba(0, 0, 0, 0)', decoration: 'underline', fontSize: '14.4px', border: '0px' });

    // The data came from the API; the page's own HTML carried none of it.
    const shell = await page.request.get(historyPath(tenantId));
    expect(await shell.text()).not.toContain('a.example');
    expect(problems()).toEqual([]);
    await shots.atBothWidths(page, 'timeline');
  });

  it('filters the timeline by type through the API, from the keyboard too, and keeps the filter in the URL', async () => {
    const page = await newPage();
    const problems = watch(page);
    const asked: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === paths.history(tenantId)) asked.push(url.searchParams.get('type') ?? 'all');
    });
    await signIn(page, admin.email, admin.password);
    await openHistory(page);

    await filterBy(page, 'InviteLinkDisabled');
    expect(await texts(page, '#timeline > li:visible .event-what')).toEqual([
      'Link disabled (reason: SSO configured)',
      'Link disabled (reason: turned off by an admin)',
    ]);
    // The page asked the API for that type only, rather than hiding the others.
    expect(asked).toEqual(['all', 'InviteLinkDisabled']);
    expect(await page.locator('#timeline > li').count()).toBe(2);
    expect(await page.locator('#timeline-count').innerText()).toBe('Showing all 2 changes of this type, newest first.');
    expect(new URL(page.url()).searchParams.get('type')).toBe('InviteLinkDisabled');
    await shots.atBothWidths(page, 'filtered disabled');

    // Keyboard: the select takes focus with Tab order and changes with the arrow keys.
    await page.getByLabel('Show').focus();
    await page.keyboard.press('ArrowDown'); // → Default role changed
    await timelineSettled(page);
    expect(await page.getByLabel('Show').inputValue()).toBe('InviteLinkDefaultRoleChanged');
    expect(await texts(page, '#timeline > li:visible .event-what')).toEqual([
      'Default role changed from Member to Engineers',
      'Default role set to Member',
    ]);

    await filterBy(page, 'MemberJoinedViaInviteLink');
    expect(await visibleEntries(page).count()).toBe(1);
    expect(await texts(page, '#timeline > li:visible .event-what')).toEqual(['Ada Lovelace joined via the link with email and password']);
    await shots.atBothWidths(page, 'filtered members joined');

    await filterBy(page, 'InviteLinkMicrosoftTenantsChanged');
    expect(await visibleEntries(page).count()).toBe(0);
    expect(await page.locator('#timeline-count').innerText()).toBe('No changes of this type.');

    // The tenant events that decide whether the link works have a filter of their own.
    await filterBy(page, 'TenantSsoConfigured');
    expect(await texts(page, '#timeline > li:visible .event-what')).toEqual([
      'SSO configured for the tenant: the invite link cannot be used while it is',
    ]);

    // A reload (or a shared URL) keeps the filter.
    await openHistory(page, '?type=InviteLinkRegenerated');
    expect(await page.getByLabel('Show').inputValue()).toBe('InviteLinkRegenerated');
    expect(await texts(page, '#timeline > li:visible .event-what')).toEqual(['Link regenerated (the previous link stopped working)']);

    await filterBy(page, 'all');
    expect(await visibleEntries(page).count()).toBe(8);
    expect(new URL(page.url()).search).toBe('');
    expect(problems()).toEqual([]);
  });

  it('pages through a long history with "Show older changes", from the keyboard, keeping a save split by the page boundary whole', async () => {
    const longId = (await t.createTenant(admin.mspId, 'Long Story Ltd', admin.token)).id;
    // 54 saves, 55 events: the fifth save changes the role and the domains, and sits (newest
    // first) at events 50 and 51, so the API's first page of 50 ends in the middle of it.
    for (let i = 0; i < 54; i++) {
      const body = { defaultRoleId: i % 2 === 0 ? 'member' : 'technician', ...(i === 4 ? { allowedDomains: ['long.example'] } : {}) };
      const response = await t.as(admin.token).put(paths.inviteLink(longId)).send(body);
      expect(response.status).toBe(200);
    }
    const all = (await t.as(admin.token).get(paths.history(longId)).query({ limit: 1000 })).body.items as { at: string; correlationId: string }[];
    expect(all).toHaveLength(55);
    const newestFirst = [...all].reverse();
    expect(newestFirst[49].correlationId).toBe(newestFirst[50].correlationId);

    const page = await newPage();
    const problems = watch(page);
    await signIn(page, admin.email, admin.password);
    await openHistory(page, '', longId);

    // The first page: 50 events, the last of them the newer half of the split save.
    const entries = page.locator('#timeline > li');
    expect(await entries.count()).toBe(50);
    expect(await page.locator('#timeline-count').innerText()).toBe('Showing the newest 50 changes. Older changes load with "Show older changes".');
    const more = page.getByRole('button', { name: 'Show older changes' });
    expect(await more.isVisible()).toBe(true);
    expect(await entries.first().locator('.event-what').innerText()).toBe('Default role changed from Member to Technician');
    expect(await entries.last().locator('.event-what').innerText()).toBe('Domains added: long.example');
    await shots.atBothWidths(page, 'long history first page');

    // Keyboard: Tab from the last entry's button reaches "Show older changes"; Enter loads them.
    await entries.last().getByRole('button').focus();
    await page.keyboard.press('Tab');
    expect(await isFocused(page, '#history-more')).toBe(true);
    await page.keyboard.press('Enter');
    await page.locator('#timeline-count', { hasText: 'Showing all 54 changes, newest first.' }).waitFor();
    expect(await entries.count()).toBe(54);
    expect(await more.isVisible()).toBe(false);
    // The split save is one entry again, in the order its changes were decided.
    expect(await entries.nth(49).locator('.event-what').innerText()).toBe('Default role changed from Technician to Member; domains added: long.example');
    expect(await entries.nth(49).getAttribute('data-types')).toBe('InviteLinkAllowedDomainsChanged InviteLinkDefaultRoleChanged');
    // Focus moves to the first of the older entries, so the reader carries on from there.
    expect(await isFocused(page, '#event-50')).toBe(true);
    expect(await entries.last().locator('.event-what').innerText()).toBe('Default role set to Member');

    // Every save once, newest first: the API's history in reverse, one time per save.
    const instants = await page.locator('#timeline > li .event-when time').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('datetime')));
    expect(instants).toEqual(newestFirst.filter((item, i) => i === 0 || item.correlationId !== newestFirst[i - 1].correlationId).map((item) => item.at));
    const ids = await page.locator('#timeline > li .event-what').evaluateAll((nodes) => nodes.map((n) => n.id));
    expect(new Set(ids).size).toBe(54);
    expect(problems()).toEqual([]);
    await shots.atBothWidths(page, 'long history all pages');
  });

  it('shows the configuration at a past instant with the "state at" picker', async () => {
    const page = await newPage();
    const problems = watch(page);
    await signIn(page, admin.email, admin.password);
    await openHistory(page);
    const picker = page.getByLabel('Date and time (your local time)');

    // Between the save of minute 1 (role and domains) and the domains change of minute 3, in Berlin time (UTC+2).
    await picker.fill('2025-06-02T10:02:30');
    await picker.press('Enter');
    await page.locator('#state-at-result:visible').waitFor();
    expect(await page.locator('#state-at-result-title time').getAttribute('datetime')).toBe(minute(2, 30).toISOString());
    expect(await fact(page, 'Link')).toBe('Enabled');
    expect(await fact(page, 'Default role')).toBe('Engineers');
    expect(await fact(page, 'Allowed domains')).toBe('a.example, b.example');
    expect(await fact(page, 'Available')).toBe('Yes: the tenant allows invite links (no SSO, not canceled)');
    // What "Available" means, under the facts, and tied to them for screen readers.
    const availableHint = page.locator('#state-at-available-hint');
    expect(await availableHint.isVisible()).toBe(true);
    expect(await availableHint.innerText()).toMatch(/^Available: whether the tenant allows invite links at all\./);
    expect(await page.locator('#state-at-facts').getAttribute('aria-describedby')).toBe('state-at-available-hint');
    // Focus moves to the answer, so a keyboard or screen-reader user lands on it.
    expect(await isFocused(page, '#state-at-result-title')).toBe(true);
    await shots.atBothWidths(page, 'state at between minute 2 and 3');

    // While an admin had turned it off.
    await picker.fill('2025-06-02T10:04:30');
    await page.getByRole('button', { name: 'Show the link then' }).click();
    await resultAt(page, minute(4, 30).toISOString());
    expect(await fact(page, 'Link')).toBe('Disabled');
    expect(await fact(page, 'Default role')).toBe('Engineers');
    expect(await fact(page, 'Allowed domains')).toBe('a.example, c.example');

    // Before any change: nothing configured yet.
    await picker.fill('2025-06-02T09:59:00');
    await picker.press('Enter');
    await resultAt(page, minute(-1).toISOString());
    expect(await fact(page, 'Link')).toBe('Disabled');
    expect(await fact(page, 'Default role')).toBe('None chosen');
    expect(await fact(page, 'Allowed domains')).toBe('Any email domain');

    // Each entry's button shows the state right after it, with the keyboard: Tab from the filter
    // reaches the newest entry's button, with a visible focus ring.
    await page.getByLabel('Show').focus();
    await page.keyboard.press('Tab');
    const focused = await page.locator(':focus').evaluate((element) => {
      const style = element.ownerDocument.defaultView!.getComputedStyle(element);
      return { text: element.textContent, at: element.getAttribute('data-at'), outline: style.outlineStyle, width: style.outlineWidth };
    });
    expect(focused).toEqual({ text: 'Show the link after this change', at: minute(8).toISOString(), outline: 'solid', width: '3px' });
    await shots.atBothWidths(page, 'keyboard focus on an entry');
    await page.keyboard.press('Enter');
    await resultAt(page, minute(8).toISOString());
    expect(await picker.inputValue()).toBe('2025-06-02T10:08'); // Chromium drops ':00' seconds
    expect(await fact(page, 'Link')).toBe('Disabled');
    expect(await fact(page, 'Available')).toBe('No: SSO is configured for this tenant.');
    expect(await fact(page, 'Allowed domains')).toBe('a.example, c.example');
    await shots.atBothWidths(page, 'state after the SSO change');
    expect(problems()).toEqual([]);
  });

  it('refuses an empty, a future or a too early instant with a clear message', async () => {
    const page = await newPage();
    const problems = watch(page);
    await signIn(page, admin.email, admin.password);
    await openHistory(page);
    const picker = page.getByLabel('Date and time (your local time)');
    const error = page.locator('#state-at-error');

    await page.getByRole('button', { name: 'Show the link then' }).click();
    await atErrorIs(page, 'Enter a date and time.');
    expect(await error.isVisible()).toBe(true);
    expect(await picker.getAttribute('aria-invalid')).toBe('true');
    expect(await isFocused(page, '#state-at-input')).toBe(true);
    expect(await page.locator('#state-at-result').isVisible()).toBe(false);
    await shots.atBothWidths(page, 'state at empty');

    await picker.fill('2099-01-01T00:00');
    await picker.press('Enter');
    await atErrorIs(page, 'Pick an instant in the past: the history cannot show the future.');

    await picker.fill('2020-01-01T12:00');
    await picker.press('Enter');
    await atErrorIs(page, 'The tenant did not exist yet at that instant. Pick a later one.');
    expect(await error.isVisible()).toBe(true);
    await shots.atBothWidths(page, 'state at before the tenant existed');

    // A good instant clears the error.
    await picker.fill('2025-06-02T10:00:30');
    await picker.press('Enter');
    await page.locator('#state-at-result:visible').waitFor();
    expect(await error.isVisible()).toBe(false);
    expect(await picker.getAttribute('aria-invalid')).toBeNull();
    expect(await fact(page, 'Default role')).toBe('Member');
    expect(await fact(page, 'Allowed domains')).toBe('Any email domain');

    // The only complaint: the API's 404 for the 2020 instant.
    // (12:00 in Berlin in winter, UTC+1, is 11:00 UTC.)
    expect(problems()).toEqual([`HTTP 404 GET ${paths.inviteLink(tenantId)}?at=${encodeURIComponent('2020-01-01T11:00:00.000Z')}`]);
  });

  it("tells an admin of another MSP, in plain words, that the tenant is not theirs", async () => {
    const otherMsp = await t.createMsp();
    const stranger = await t.createAdmin(otherMsp.id);
    const page = await newPage();
    await signIn(page, stranger.email, stranger.password);
    await page.goto(historyPath(tenantId));
    const error = page.locator('#history-error');
    await error.waitFor();
    expect(await error.innerText()).toBe('This tenant does not exist, or it does not belong to your MSP.');
    expect(await page.locator('#timeline-title').isVisible()).toBe(false);
    expect(await page.locator('#state-at-input').isVisible()).toBe(false);
    expect(await page.locator('body').innerText()).not.toMatch(/a\.example|Engineers|Lovelace Labs/);
    await shots.atBothWidths(page, 'another msp tenant');
  });

  it('gives a tenant user the plain "not allowed" page and nothing of the settings', async () => {
    const page = await newPage();
    await signIn(page, ada.email, ada.password);
    const response = await page.goto(historyPath(tenantId));
    expect(response?.status()).toBe(403);
    expect(await page.locator('main').innerText()).toContain(NOT_ALLOWED_MESSAGE);
    expect(await page.locator('#history-app').count()).toBe(0);
    expect(await page.locator(`script[src="${ASSETS.adminHistoryJs.url}"]`).count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(/a\.example|Engineers|history/i);
    await shots.atBothWidths(page, 'tenant user not allowed');
  });

  it('sends an anonymous visitor to the sign-in page', async () => {
    const page = await newPage();
    await page.goto(historyPath(tenantId));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });
});
