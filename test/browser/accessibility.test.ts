import type { Page } from 'playwright-core';
import { accessibilityProblems, expectAccessible } from '../support/accessibility';
import { DESKTOP, PHONE, Screenshots, signIn, useAppAndBrowser } from '../support/browser';
import { Admin, anEmail, paths, SSO_CONFIG, TenantUserAccount, TestApp } from '../support/test-app';
import { openInviteLinkDialog, usersPage, waitForText } from './admin-page-helpers';

/**
 * axe-core on every page of the product and every dialog of the admin pages, each in the states
 * a person meets (empty, with errors, on, off, SSO), at 1440 px and 375 px, with a screenshot of
 * each. The checker itself is checked first: on a page with known faults it must report them, so
 * a green run means something.
 *
 * To check a new page or dialog, add a row to PAGES or DIALOGS: how to reach the state from a
 * page that is already signed in as `as`. A dialog of the users page without a row fails the
 * "every dialog has a row" test, so a new one cannot be forgotten.
 */
jest.setTimeout(300_000);

// A service with mail, so that a link can require email verification. Nothing here reads the
// mails: a server that is never dialled will do.
const session = useAppAndBrowser({ env: { SMTP_URL: 'smtp://127.0.0.1:1' } });
const shots = new Screenshots(__filename);

/** What the states are shown on, made once for the file. */
interface World {
  readonly app: TestApp;
  readonly admin: Admin;
  readonly member: TenantUserAccount;
  /** A tenant whose link was never turned on. */
  readonly linkOff: { id: string; name: string };
  /** A tenant whose link is on, with a role, domains and a member who joined through it. */
  readonly linkOn: { id: string; name: string };
  /** A tenant with SSO configured: its link cannot be used. */
  readonly sso: { id: string; name: string };
  readonly joinPath: string;
  /** A tenant whose link requires email verification, with someone waiting for their confirmation. */
  readonly verifying: { id: string; name: string };
  readonly verifyingJoinPath: string;
  /** The waiting person's credentials. */
  readonly pending: { email: string; password: string };
}

type Who = 'anonymous' | 'admin' | 'member';

/** A page in one state: who looks at it, and how to get there from any page of that person. */
interface PageState {
  readonly name: string;
  readonly as: Who;
  readonly show: (page: Page, world: World) => Promise<void>;
}

/** A dialog in one state, opened over its page; checked as a whole page and on its own. */
interface DialogState {
  readonly name: string;
  /** The <dialog> element's id. */
  readonly dialog: string;
  readonly open: (page: Page, world: World) => Promise<void>;
}

async function goTo(page: Page, path: string, status: number): Promise<void> {
  const response = await page.goto(path);
  expect({ path, status: response?.status() }).toEqual({ path, status });
}

async function usersPageOf(page: Page, tenant: { id: string; name: string }): Promise<void> {
  await goTo(page, `/admin/tenants/${tenant.id}/users`, 200);
  await waitForText(page.locator('h1'), tenant.name);
  await usersPage(page).inviteLinkButton.waitFor();
  // The users table has loaded once its count says something ("No users yet." included).
  await waitForText(page.locator('[data-users-count]'), /\S/);
}

/** Submits the page's main form and waits for the page that answers it. */
async function submitForm(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button, exact: true }).click()]);
}

const PAGES: readonly PageState[] = [
  { name: 'sign-in', as: 'anonymous', show: (page) => goTo(page, '/sign-in', 200) },
  {
    name: 'sign-in with a wrong password',
    as: 'anonymous',
    async show(page) {
      await goTo(page, '/sign-in', 200);
      await page.getByLabel('Email').fill('nobody@example.org');
      await page.getByLabel('Password').fill('Not-the-password1!');
      await submitForm(page, 'Sign in');
      await waitForText(page.locator('body'), 'Invalid email or password');
    },
  },
  {
    name: 'form expired',
    as: 'anonymous',
    async show(page) {
      await goTo(page, '/sign-in', 200);
      // The form's token no longer matches this browser (as after 12 hours): the "Form expired" page.
      await page.context().clearCookies();
      await page.getByLabel('Email').fill('nobody@example.org');
      await page.getByLabel('Password').fill('Not-the-password1!');
      await submitForm(page, 'Sign in');
      await waitForText(page.locator('h1'), 'Form expired');
    },
  },
  { name: 'terms', as: 'anonymous', show: (page) => goTo(page, '/terms', 200) },
  { name: 'privacy', as: 'anonymous', show: (page) => goTo(page, '/privacy', 200) },
  { name: 'join page', as: 'anonymous', show: (page, world) => goTo(page, world.joinPath, 200) },
  {
    name: 'join page with errors',
    as: 'anonymous',
    async show(page, world) {
      await goTo(page, world.joinPath, 200);
      await page.getByLabel('Email').fill('someone@not-allowed.example');
      await page.getByLabel('Password', { exact: true }).fill('weak');
      await page.getByLabel('Confirm password').fill('other');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.locator('[aria-invalid="true"]').first().waitFor();
      await page.waitForLoadState();
    },
  },
  { name: 'join page of an invalid link', as: 'anonymous', show: (page) => goTo(page, '/join/not-a-real-token-000000000000000000000', 404) },
  {
    name: 'check your email (a link that requires email verification)',
    as: 'anonymous',
    async show(page, world) {
      await goTo(page, world.verifyingJoinPath, 200);
      const password = 'Str0ng!Passw0rd-Checker';
      await page.getByLabel('First name').fill('Cy');
      await page.getByLabel('Last name').fill('Checker');
      await page.getByLabel('Email').fill(anEmail('cy'));
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByLabel('Confirm password').fill(password);
      await page.getByRole('checkbox').check();
      await submitForm(page, 'Create account');
      await waitForText(page.locator('h1'), 'Check your email');
    },
  },
  { name: 'email verification link not valid', as: 'anonymous', show: (page) => goTo(page, `/verify-email/${'A'.repeat(43)}`, 404) },
  {
    name: 'sign-in before confirming the email',
    as: 'anonymous',
    async show(page, world) {
      await goTo(page, '/sign-in', 200);
      await page.getByLabel('Email').fill(world.pending.email);
      await page.getByLabel('Password').fill(world.pending.password);
      await submitForm(page, 'Sign in');
      await waitForText(page.locator('body'), 'Confirm your email address first');
    },
  },
  {
    name: 'app of a tenant user',
    as: 'member',
    async show(page) {
      await goTo(page, '/app', 200);
      await page.locator('tr[data-tenant-id]').first().waitFor();
    },
  },
  { name: 'not allowed (a tenant user on an admin page)', as: 'member', show: (page) => goTo(page, '/admin', 403) },
  {
    name: 'app of an MSP admin',
    as: 'admin',
    async show(page) {
      await goTo(page, '/app', 200);
      await page.getByRole('link', { name: 'Admin dashboard' }).waitFor();
    },
  },
  {
    name: 'admin tenants',
    as: 'admin',
    async show(page, world) {
      await goTo(page, '/admin', 200);
      await page.getByRole('link', { name: world.linkOn.name }).waitFor();
    },
  },
  { name: 'users page', as: 'admin', show: (page, world) => usersPageOf(page, world.linkOn) },
  {
    name: 'users page with a person waiting for their email confirmation',
    as: 'admin',
    async show(page, world) {
      await usersPageOf(page, world.verifying);
      await page.locator('tr[data-status="pending"] .badge.pending').first().waitFor();
    },
  },
  {
    name: 'users page of a tenant that is not found',
    as: 'admin',
    async show(page) {
      await goTo(page, '/admin/tenants/00000000-0000-4000-8000-000000000000/users', 200);
      await waitForText(page.locator('body'), 'Tenant not found');
    },
  },
  {
    name: 'history page',
    as: 'admin',
    async show(page, world) {
      await goTo(page, `/admin/tenants/${world.linkOn.id}/invite-link/history`, 200);
      await page.locator('#history-app[data-loaded="true"]').waitFor();
    },
  },
];

const DIALOGS: readonly DialogState[] = [
  {
    name: 'Add user, empty',
    dialog: 'add-user-dialog',
    async open(page, world) {
      await usersPageOf(page, world.linkOff);
      await usersPage(page).addUsersButton.click();
      await usersPage(page).addDialog.waitFor({ state: 'visible' });
    },
  },
  {
    name: 'Add user, every field refused',
    dialog: 'add-user-dialog',
    async open(page, world) {
      await usersPageOf(page, world.linkOff);
      const ui = usersPage(page);
      await ui.addUsersButton.click();
      await ui.addDialog.waitFor({ state: 'visible' });
      await ui.addDialog.getByRole('button', { name: 'Add user' }).click();
      await ui.addDialog.locator('#add-user-roleId-error:not([hidden])').waitFor();
    },
  },
  {
    name: 'Add user, weak password and registered email',
    dialog: 'add-user-dialog',
    async open(page, world) {
      await usersPageOf(page, world.linkOff);
      const ui = usersPage(page);
      await ui.addUsersButton.click();
      await ui.addDialog.waitFor({ state: 'visible' });
      await ui.addDialog.getByLabel('First name').fill('Sam');
      await ui.addDialog.getByLabel('Last name').fill('Sample');
      await ui.addDialog.getByLabel('Email').fill(world.admin.email);
      await ui.addDialog.getByLabel('Initial password').fill('weak');
      await ui.addDialog.getByLabel('Role').selectOption({ label: 'Technician' });
      await ui.addDialog.getByRole('button', { name: 'Add user' }).click();
      await waitForText(page.locator('#add-user-email-error'), 'User already registered');
    },
  },
  {
    name: 'Invite Link, off',
    dialog: 'invite-link-dialog',
    async open(page, world) {
      await usersPageOf(page, world.linkOff);
      await openInviteLinkDialog(page);
    },
  },
  {
    name: 'Invite Link, on',
    dialog: 'invite-link-dialog',
    async open(page, world) {
      await usersPageOf(page, world.linkOn);
      await openInviteLinkDialog(page);
      await usersPage(page).url.waitFor({ state: 'visible' });
    },
  },
  {
    name: 'Invite Link, SSO tenant',
    dialog: 'invite-link-dialog',
    async open(page, world) {
      await usersPageOf(page, world.sso);
      await openInviteLinkDialog(page);
    },
  },
  {
    name: 'Invite Link, invalid domains',
    dialog: 'invite-link-dialog',
    async open(page, world) {
      await usersPageOf(page, world.linkOff);
      await openInviteLinkDialog(page);
      const ui = usersPage(page);
      await ui.domains.fill('not a domain');
      await ui.save.click();
      await waitForText(ui.domainsError, /\S/);
    },
  },
  {
    name: 'Revoke confirmation',
    dialog: 'revoke-dialog',
    async open(page, world) {
      await usersPageOf(page, world.linkOn);
      await openInviteLinkDialog(page);
      const ui = usersPage(page);
      await ui.revoke.scrollIntoViewIfNeeded();
      await ui.revoke.click();
      await ui.revokeDialog.waitFor({ state: 'visible' });
    },
  },
  {
    name: 'Discard unsaved changes',
    dialog: 'discard-dialog',
    async open(page, world) {
      await usersPageOf(page, world.linkOff);
      await openInviteLinkDialog(page);
      const ui = usersPage(page);
      await ui.roleSelect.selectOption({ label: 'Member' });
      await ui.close.click();
      await ui.discardDialog.waitFor({ state: 'visible' });
    },
  },
];

let world: World;

beforeAll(async () => {
  const app = session.app;
  const { admin, tenant: linkOn } = await app.anMspWithTenant();
  const linkOff = await app.createTenant(admin.mspId, 'Tenant without a link', admin.token);
  const sso = await app.createTenant(admin.mspId, 'Tenant with SSO', admin.token);
  expect((await app.as(admin.token).put(paths.sso(sso.id)).send(SSO_CONFIG)).status).toBe(200);
  const link = await app
    .as(admin.token)
    .put(paths.inviteLink(linkOn.id))
    .send({ enabled: true, defaultRoleId: 'member', allowedDomains: ['example.org', 'acme.example'] });
  expect(link.status).toBe(200);
  const joinPath = new URL(link.body.url as string).pathname;
  // A first join and a role change, so that the users table and the history have rows.
  const joined = await app.anonymous().post(`/api/v1/invite-links/${joinPath.split('/').pop()}/signups`).send({
    firstName: 'Jo',
    lastName: 'Joiner',
    email: anEmail('jo'),
    password: 'Str0ng!Passw0rd-Joiner',
    passwordConfirmation: 'Str0ng!Passw0rd-Joiner',
    acceptTerms: true,
  });
  expect(joined.status).toBe(201);
  expect((await app.as(admin.token).put(paths.inviteLink(linkOn.id)).send({ defaultRoleId: 'technician' })).status).toBe(200);
  const member = await app.createTenantUser(linkOn.id, admin.token, 'tenant_admin');
  // A link that requires email verification, and someone who signed up through it and has not confirmed.
  const verifying = await app.createTenant(admin.mspId, 'Tenant that verifies emails', admin.token);
  const verifyingLink = await app
    .as(admin.token)
    .put(paths.inviteLink(verifying.id))
    .send({ enabled: true, defaultRoleId: 'member', requireEmailVerification: true });
  expect(verifyingLink.status).toBe(200);
  const verifyingJoinPath = new URL(verifyingLink.body.url as string).pathname;
  const pending = { email: anEmail('pending'), password: 'Str0ng!Passw0rd-Pending' };
  const waiting = await app.anonymous().post(`/api/v1/invite-links/${verifyingJoinPath.split('/').pop()}/signups`).send({
    firstName: 'Pat',
    lastName: 'Pending',
    email: pending.email,
    password: pending.password,
    passwordConfirmation: pending.password,
    acceptTerms: true,
  });
  expect(waiting.status).toBe(202);
  world = { app, admin, member, linkOff, linkOn, sso, joinPath, verifying, verifyingJoinPath, pending };
});

describe('the accessibility check itself', () => {
  it('reports serious problems on a page that has them: an image without text, a nameless button, an unlabelled field', async () => {
    const { page } = await session.page(DESKTOP);
    await page.setContent(
      '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body><main>' +
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">' +
        '<button></button><input type="text"></main></body></html>',
    );
    const rules = (await accessibilityProblems(page)).map((problem) => problem.rule).sort();
    expect(rules).toEqual(expect.arrayContaining(['button-name', 'image-alt', 'label']));
    await expect(expectAccessible(page, 'the broken page')).rejects.toThrow(/Accessibility problems on the broken page:\n- critical/);
  });
});

/** Runs each check, and fails once at the end naming every state with problems (not just the first). */
async function checkAll(checks: readonly (() => Promise<void>)[]): Promise<void> {
  const failures: string[] = [];
  for (const check of checks) {
    try {
      await check();
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  expect(failures).toEqual([]);
}

describe.each([DESKTOP, PHONE])('at %j', (viewport) => {
  const px = `${viewport.width} px`;
  /** One signed-in page per person for this width (a sign-in per state would meet the sign-in rate limit). */
  const pages = new Map<Who, Page>();
  const watched: string[][] = [];

  beforeAll(async () => {
    for (const who of ['anonymous', 'admin', 'member'] as const) {
      const opened = await session.page(viewport);
      if (who === 'admin') await signIn(opened.page, world.admin.email, world.admin.password);
      if (who === 'member') await signIn(opened.page, world.member.email, world.member.password);
      pages.set(who, opened.page);
      watched.push(opened.problems);
    }
  });

  it('every page, in each of its states, has no serious or critical problem', async () => {
    await checkAll(
      PAGES.map((state) => async () => {
        const page = pages.get(state.as)!;
        await state.show(page, world);
        await shots.take(page, `${state.name} ${px}`);
        await expectAccessible(page, `${state.name} at ${px}`);
      }),
    );
  });

  it('every dialog, in each of its states, has no serious or critical problem, open over its page and on its own', async () => {
    const page = pages.get('admin')!;
    await checkAll(
      DIALOGS.map((state) => async () => {
        await state.open(page, world);
        await shots.take(page, `dialog ${state.name} ${px}`);
        await expectAccessible(page, `the page under the dialog "${state.name}" at ${px}`);
        await expectAccessible(page, `the dialog "${state.name}" at ${px}`, `#${state.dialog}`);
      }),
    );
  });

  it('the pages and dialogs raised no errors (scripts, CSP, failed requests)', () => {
    expect(watched.flat()).toEqual([]);
  });
});

describe('coverage of the table', () => {
  it('every dialog of the users page has a row in DIALOGS', async () => {
    const { page } = await session.page(DESKTOP);
    await signIn(page, world.admin.email, world.admin.password);
    await usersPageOf(page, world.linkOn);
    const ids = await page.locator('dialog').evaluateAll((dialogs) => dialogs.map((dialog) => (dialog as unknown as { id: string }).id));
    expect(ids.length).toBeGreaterThan(0);
    const covered = new Set(DIALOGS.map((state) => state.dialog));
    expect(ids.filter((id) => !covered.has(id))).toEqual([]);
  });
});
