import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request, { type Response } from 'supertest';
import {
  VERIFICATION_CODE_EXPIRED,
  VERIFICATION_CODE_INVALID,
  VERIFICATION_CODE_USED,
} from '../../src/modules/accounts/domain/email-reservation.decider';
import { EMAIL_NOT_VERIFIED_MESSAGE } from '../../src/modules/accounts/use-cases/sign-in/sign-in.handler';
import { MAIL_REQUEST_EVENTS } from '../../src/modules/mail/domain/mail.events';
import type { RecordedEvent } from '../../src/shared/application/event-store.port';
import { emailReservationStream } from '../../src/shared/domain/email';
import { expectFieldError } from '../support/assertions';
import { aSignup, anMspWithAdmin, aTenantWithLink, useTestApp } from '../support/fixtures';
import { CaughtMail, linksIn, SmtpCatcher } from '../support/smtp-catcher';
import { Admin, anEmail, INVALID_LINK_MESSAGE, paths, PUBLIC_BASE_URL, TestApp, tokenOf, unique } from '../support/test-app';

/**
 * Email ownership verification through the JSON API, against the real service (a child process)
 * and a real SMTP server: a signup on a link that requires it waits (202) until the person
 * confirms the code mailed to them; confirming joins with the link's default role at that
 * instant (R22), a code works once and for EMAIL_VERIFICATION_TTL_MINUTES, the mail outbox
 * delivers each mail once even across SMTP outages, and the code is kept nowhere in plaintext.
 */
jest.setTimeout(60_000);

const TTL_MINUTES = 45;
const RESENDS_PER_EMAIL = 3;
const POLL_MS = 100;
/** The outbox's timing, small so that retries happen within a test. */
const OUTBOX_ENV = { MAIL_OUTBOX_POLL_MS: String(POLL_MS), MAIL_RETRY_MIN_MS: '100', MAIL_RETRY_MAX_MS: '400' };

const INVALID_LINK_BODY = { statusCode: 404, message: INVALID_LINK_MESSAGE, error: 'Not Found', code: 'invalid_invite_link' };
const ALREADY_REGISTERED_BODY = { statusCode: 409, message: 'User already registered', error: 'Conflict', code: 'user_already_registered' };
const CODE_INVALID_BODY = { statusCode: 404, message: VERIFICATION_CODE_INVALID, error: 'Not Found', code: 'verification_code_invalid' };
const CODE_USED_BODY = { statusCode: 409, message: VERIFICATION_CODE_USED, error: 'Conflict', code: 'verification_code_used' };
const CODE_EXPIRED_BODY = { statusCode: 410, message: VERIFICATION_CODE_EXPIRED, error: 'Gone', code: 'verification_code_expired' };
const VERIFY_LINK = new RegExp(`^${PUBLIC_BASE_URL.replace(/\./g, '\\.')}/verify-email/([A-Za-z0-9_-]{43})$`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let ipSequence = 0;
/** A client address of its own (X-Forwarded-For from loopback is trusted): keeps per-IP limits apart. */
const freshIp = () => {
  ipSequence += 1;
  return `10.77.${(ipSequence >> 8) & 255}.${ipSequence & 255}`;
};

const sessionCookieOf = (response: Response): string | undefined =>
  ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((cookie) => cookie.startsWith('session='));

/** A tweak of one character in the middle of a code: still 43 base64url characters. */
const tampered = (code: string): string => {
  const middle = Math.floor(code.length / 2);
  return `${code.slice(0, middle)}${code[middle] === 'A' ? 'B' : 'A'}${code.slice(middle + 1)}`;
};

interface ListedPerson {
  readonly status: 'active' | 'pending';
  readonly userId: string;
  readonly email: string;
  readonly roleId: string | null;
  readonly joinedAt: string | null;
  readonly signedUpAt?: string;
  readonly verificationExpiresAt?: string;
}

interface VerifyingLink {
  readonly tenantId: string;
  readonly name: string;
  readonly token: string;
  readonly url: string;
}

/**
 * What every describe block below works with: one app, its SMTP server, an MSP admin, and helpers
 * bound to them.
 */
function aWorld(t: TestApp, catcher: () => SmtpCatcher, admin: () => Admin) {
  const put = (tenantId: string, body: object) => t.as(admin().token).put(paths.inviteLink(tenantId)).send(body);

  /** A new tenant whose link is enabled (default role `member`) and requires email verification. */
  async function aVerifyingLink(): Promise<VerifyingLink> {
    const name = unique('Verified Co');
    const { tenantId, token, url } = await aTenantWithLink(t, admin(), { defaultRoleId: 'member' }, name);
    const response = await put(tenantId, { requireEmailVerification: true });
    expect({ status: response.status, required: response.body.requireEmailVerification }).toEqual({ status: 200, required: true });
    return { tenantId, name, token, url };
  }

  const signUp = (token: string, body: Record<string, unknown>) =>
    t.anonymous().post(`${paths.publicLink(token)}/signups`).set('X-Forwarded-For', freshIp()).send(body);
  const confirm = (code: unknown) =>
    t.anonymous().post('/api/v1/email-verifications/confirm').set('X-Forwarded-For', freshIp()).send({ code });
  const resend = (email: unknown, ip = freshIp()) =>
    t.anonymous().post('/api/v1/email-verifications/resend').set('X-Forwarded-For', ip).send({ email });

  async function people(tenantId: string): Promise<ListedPerson[]> {
    const response = await t.as(admin().token).get(`${paths.users(tenantId)}?limit=100`);
    expect(response.status).toBe(200);
    return response.body.items as ListedPerson[];
  }

  const mailsTo = (email: string): CaughtMail[] => catcher().mails.filter((mail) => mail.to.includes(email));

  /** The nth mail to this address (the first unless told), once it has arrived. */
  async function mailTo(email: string, nth = 1): Promise<CaughtMail> {
    await catcher().waitForMail(() => mailsTo(email).length >= nth);
    return mailsTo(email)[nth - 1];
  }

  /** Events of one stream, oldest first. */
  const streamEvents = async (streamName: string): Promise<RecordedEvent[]> =>
    (await t.readAllEvents()).filter((event) => event.streamName === streamName);

  /**
   * Until every mail asked for (an event of MAIL_REQUEST_EVENTS) is recorded as sent or
   * discarded on its `mail-<id>` stream: counting events or mails is then not racing the outbox.
   */
  async function outboxSettled(): Promise<RecordedEvent[]> {
    let open: RecordedEvent[] = [];
    for (let i = 0; i < 200; i++) {
      const events = await t.readAllEvents();
      const done = new Set(events.filter((e) => e.type === 'MailSent' || e.type === 'MailDiscarded').map((e) => e.streamName));
      open = events.filter((event) => event.type in MAIL_REQUEST_EVENTS && !done.has(`mail-${event.id}`));
      if (open.length === 0) return events;
      await sleep(50);
    }
    throw new Error(`The outbox did not record these mails as sent: ${open.map((event) => `${event.type} ${event.id}`).join(', ')}`);
  }

  /** The code of the one link of a verification mail (its text's only URL). */
  function codeIn(mail: CaughtMail): string {
    const links = linksIn(mail);
    expect(links).toHaveLength(1);
    const match = VERIFY_LINK.exec(links[0]);
    if (!match) throw new Error(`Not a verification link: ${links[0]}`);
    return match[1];
  }

  /** A 202 signup on a verifying link, its mail, and what the tests need of both. */
  async function aPendingSignup(link: VerifyingLink, overrides: Record<string, unknown> = {}) {
    const form = aSignup(overrides);
    const response = await signUp(link.token, form);
    expect({ status: response.status, body: response.body }).toEqual({
      status: 202,
      body: { status: 'verification_required', email: expect.any(String) },
    });
    const email = response.body.email as string;
    const reservation = emailReservationStream(email);
    const mail = await mailTo(email);
    await outboxSettled();
    const reserved = (await streamEvents(reservation)).find((event) => event.type === 'EmailReserved');
    return {
      response,
      email,
      password: form.password as string,
      userId: reserved?.data.userId as string,
      reservation,
      mail,
      code: codeIn(mail),
    };
  }

  return { put, aVerifyingLink, signUp, confirm, resend, people, mailsTo, mailTo, streamEvents, outboxSettled, codeIn, aPendingSignup };
}

/** A sample `name{labels} value` (or `name value`) of the Prometheus text, or undefined. */
function sampleOf(text: string, name: string, labels = ''): number | undefined {
  const prefix = labels === '' ? `${name} ` : `${name}{${labels}} `;
  const line = text.split('\n').find((candidate) => candidate.startsWith(prefix));
  return line === undefined ? undefined : Number(line.slice(prefix.length));
}

describe('email verification through the API', () => {
  let catcher: SmtpCatcher;
  let admin: Admin;
  beforeAll(async () => {
    catcher = await SmtpCatcher.start();
  });
  afterAll(async () => {
    await catcher?.stop();
  });

  const t = useTestApp(() => ({
    controllableClock: true,
    logLevel: 'debug',
    env: {
      SMTP_URL: catcher.url,
      ...OUTBOX_ENV,
      EMAIL_VERIFICATION_TTL_MINUTES: String(TTL_MINUTES),
      RATE_LIMIT_RESEND_PER_EMAIL: String(RESENDS_PER_EMAIL),
    },
  }));
  const w = aWorld(
    t,
    () => catcher,
    () => admin,
  );

  beforeAll(async () => {
    ({ admin } = await anMspWithAdmin(t));
  });

  it('a signup waits for its email: 202, one mail with one link; confirming joins with the default role of that instant', async () => {
    const link = await w.aVerifyingLink();
    const local = unique('Happy');
    const email = `${local}@example.org`.toLowerCase();
    const form = aSignup({ firstName: 'Vera', email: `  ${local}@Example.ORG ` });
    const response = await w.signUp(link.token, form);

    // Waiting: no session, no membership; the admins see a pending person.
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ status: 'verification_required', email });
    expect(response.headers['set-cookie']).toBeUndefined();
    expect((await t.anonymous().get(paths.me())).status).toBe(401);
    const reservation = emailReservationStream(email);
    const [reserved, requested] = await w.streamEvents(reservation);
    const userId = reserved.data.userId as string;
    expect(requested).toEqual(expect.objectContaining({ type: 'EmailVerificationRequested', data: expect.objectContaining({ userId, tenantId: link.tenantId }) }));
    const expiresAt = requested.data.expiresAt as string;
    const listed = (await w.people(link.tenantId)).filter((person) => person.email === email);
    expect(listed).toEqual([
      {
        status: 'pending',
        userId,
        email,
        firstName: 'Vera',
        lastName: 'Newcomer',
        roleId: null,
        joinedAt: null,
        joinedVia: 'invite_link',
        signInMethod: 'password',
        signedUpAt: expect.any(String),
        verificationExpiresAt: expiresAt,
      },
    ]);
    // EMAIL_VERIFICATION_TTL_MINUTES after the signup (give or take the time the signup took).
    const lifetime = Date.parse(expiresAt) - Date.parse(listed[0].signedUpAt!);
    expect(lifetime).toBeGreaterThan((TTL_MINUTES - 1) * 60_000);
    expect(lifetime).toBeLessThanOrEqual(TTL_MINUTES * 60_000);

    // Exactly one mail, to the address, naming the organization, with the link as its only URL.
    const mail = await w.mailTo(email);
    await w.outboxSettled();
    await sleep(5 * POLL_MS);
    expect(w.mailsTo(email)).toHaveLength(1);
    expect(mail.to).toEqual([email]);
    expect(mail.messageId).toBe(`${requested.id}@invites.test`);
    expect(mail.subject).toContain(link.name);
    expect(mail.text).toContain(link.name);
    expect(mail.html).toContain(link.name);
    const code = w.codeIn(mail);
    const verifyUrl = `${PUBLIC_BASE_URL}/verify-email/${code}`;
    const urlsInHtml = [...mail.html.matchAll(/(?:[a-z][a-z0-9+.-]*:)?\/\/[^\s"'<>]+/gi)].map((match) => match[0]);
    expect(urlsInHtml.length).toBeGreaterThan(0);
    expect(new Set(urlsInHtml)).toEqual(new Set([verifyUrl]));
    expect(new Set([...mail.html.matchAll(/\bhref\s*=\s*"([^"]*)"/gi)].map((match) => match[1]))).toEqual(new Set([verifyUrl]));
    expect(mail.html).not.toMatch(/<img|<link|<script|<iframe|<object|<embed|<video|<audio|\bsrc\s*=|\bbackground\s*=|url\(|@import/i);
    expect(await w.streamEvents(`mail-${requested.id}`)).toEqual([
      expect.objectContaining({ type: 'MailSent', data: { messageId: requested.id, kind: 'email_verification', attempts: 1 } }),
    ]);

    // The admin changes the link's default role before the person confirms: the new one counts.
    expect((await w.put(link.tenantId, { defaultRoleId: 'technician' })).status).toBe(200);
    const confirmed = await w.confirm(code);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ userId, tenantId: link.tenantId, roleId: 'technician', redirectTo: '/app' });
    expect(confirmed.headers['cache-control']).toBe('no-store');
    const cookie = sessionCookieOf(confirmed);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    const me = await t.anonymous().get(paths.me()).set('Cookie', cookie!.split(';')[0]);
    expect(me.status).toBe(200);
    expect(me.body).toEqual(expect.objectContaining({ id: userId, email, memberships: [{ tenantId: link.tenantId, roleId: 'technician' }] }));
    expect((await w.people(link.tenantId)).filter((person) => person.email === email)).toEqual([
      expect.objectContaining({ status: 'active', userId, roleId: 'technician', joinedAt: expect.any(String) }),
    ]);

    const onReservation = await w.streamEvents(reservation);
    expect(onReservation.map((event) => event.type)).toEqual(['EmailReserved', 'EmailVerificationRequested', 'EmailVerified', 'RegistrationCompleted']);
    const joined = (await w.streamEvents(`tenant-${link.tenantId}`)).filter((event) => event.type === 'MemberJoinedViaInviteLink');
    expect(joined).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ userId, roleId: 'technician', method: 'password' }), metadata: expect.objectContaining({ actor: { type: 'new_user', id: userId } }) }),
    ]);
    // Verified, then joined, then completed.
    expect(onReservation[2].position).toBeLessThan(joined[0].position);
    expect(joined[0].position).toBeLessThan(onReservation[3].position);
    // And the password works now.
    expect((await t.anonymous().post(paths.signIn()).send({ email, password: form.password })).status).toBe(200);
  });

  it("a mail scanner's GET or HEAD of the link writes nothing; the code still confirms afterwards", async () => {
    const link = await w.aVerifyingLink();
    const { code, email, userId } = await w.aPendingSignup(link);
    const before = await t.countEvents();
    const scanner = 'Mozilla/5.0 (compatible; LinkScanner/1.0)';
    expect((await request(t.url).get(`/verify-email/${code}`).set('User-Agent', scanner)).status).toBe(200);
    expect((await request(t.url).head(`/verify-email/${code}`).set('User-Agent', scanner)).status).toBe(200);
    expect((await request(t.url).get(`/verify-email/${code}`)).status).toBe(200);
    await sleep(5 * POLL_MS);
    expect(await t.countEvents()).toBe(before);
    expect((await w.people(link.tenantId)).find((person) => person.userId === userId)?.status).toBe('pending');

    const confirmed = await w.confirm(code);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ userId, tenantId: link.tenantId, roleId: 'member', redirectTo: '/app' });
    expect((await w.people(link.tenantId)).filter((person) => person.email === email)).toEqual([expect.objectContaining({ status: 'active' })]);
  });

  describe('a code', () => {
    it('works once: a second confirmation is 409 verification_code_used, with no cookie and nothing written', async () => {
      const link = await w.aVerifyingLink();
      const { code } = await w.aPendingSignup(link);
      expect((await w.confirm(code)).status).toBe(200);
      const before = await t.countEvents();
      const again = await w.confirm(code);
      expect({ status: again.status, body: again.body }).toEqual({ status: 409, body: CODE_USED_BODY });
      expect(sessionCookieOf(again)).toBeUndefined();
      expect(await t.countEvents()).toBe(before);
    });

    it('altered in one character, or of another length, is 404 verification_code_invalid; nothing written, the real one still works', async () => {
      const link = await w.aVerifyingLink();
      const { code, userId } = await w.aPendingSignup(link);
      const before = await t.countEvents();
      for (const wrong of [tampered(code), code.slice(0, -1), `${code}A`, code.slice(0, 20), `${code.slice(0, -1)}=`]) {
        const response = await w.confirm(wrong);
        expect({ wrong, status: response.status, body: response.body }).toEqual({ wrong, status: 404, body: CODE_INVALID_BODY });
        expect(sessionCookieOf(response)).toBeUndefined();
      }
      expect(await t.countEvents()).toBe(before);
      expect((await w.people(link.tenantId)).find((person) => person.userId === userId)?.status).toBe('pending');
      expect((await w.confirm(code)).status).toBe(200);
    });

    it('that is not a string, or missing, is 400 naming `code`', async () => {
      for (const body of [{ code: 42 }, {}, { code: ['x'] }]) {
        const response = await t.anonymous().post('/api/v1/email-verifications/confirm').set('X-Forwarded-For', freshIp()).send(body);
        expectFieldError(response, 400, 'code');
      }
    });
  });

  describe('a link that stopped working between the signup and the confirmation (R22)', () => {
    /** The R16 answer, no membership, and the registration undone: account closed, email free. */
    async function expectRefusedAndUndone(link: VerifyingLink, pending: Awaited<ReturnType<typeof w.aPendingSignup>>) {
      const refused = await w.confirm(pending.code);
      expect({ status: refused.status, body: refused.body }).toEqual({ status: 404, body: INVALID_LINK_BODY });
      expect(sessionCookieOf(refused)).toBeUndefined();

      const onReservation = await w.streamEvents(pending.reservation);
      expect(onReservation.map((event) => event.type)).toEqual(['EmailReserved', 'EmailVerificationRequested', 'EmailVerified', 'EmailReleased']);
      expect(onReservation[3].data).toEqual({ userId: pending.userId, reason: 'invite_link_no_longer_valid' });
      expect((await w.streamEvents(`user-${pending.userId}`)).map((event) => event.type)).toEqual(['UserRegistered', 'AccountClosed']);
      const joined = (await w.streamEvents(`tenant-${link.tenantId}`)).filter(
        (event) => event.type === 'MemberJoinedViaInviteLink' && event.data.userId === pending.userId,
      );
      expect(joined).toEqual([]);
      expect((await w.people(link.tenantId)).filter((person) => person.email === pending.email)).toEqual([]);
      expect((await t.anonymous().post(paths.signIn()).send({ email: pending.email, password: pending.password })).status).toBe(401);
      // The code is spent, and the email is free: it signs up again elsewhere.
      expect((await w.confirm(pending.code)).status).toBe(410);
      const elsewhere = await w.aVerifyingLink();
      expect((await w.signUp(elsewhere.token, aSignup({ email: pending.email }))).status).toBe(202);
    }

    it('disabled: 404 with the R16 message, the registration undone', async () => {
      const link = await w.aVerifyingLink();
      const pending = await w.aPendingSignup(link);
      expect((await w.put(link.tenantId, { enabled: false })).status).toBe(200);
      await expectRefusedAndUndone(link, pending);
    });

    it('revoked and generated anew: 404 with the R16 message, the registration undone', async () => {
      const link = await w.aVerifyingLink();
      const pending = await w.aPendingSignup(link);
      const regenerated = await t.as(admin.token).post(paths.regenerate(link.tenantId));
      expect(regenerated.status).toBe(200);
      expect(tokenOf(regenerated.body.url)).not.toBe(link.token);
      await expectRefusedAndUndone(link, pending);
    });

    it('disabled and enabled again (the same token, R7): the confirmation works', async () => {
      const link = await w.aVerifyingLink();
      const { code, userId } = await w.aPendingSignup(link);
      expect((await w.put(link.tenantId, { enabled: false })).status).toBe(200);
      const enabled = await w.put(link.tenantId, { enabled: true });
      expect(enabled.status).toBe(200);
      expect(enabled.body.url).toBe(link.url);
      const confirmed = await w.confirm(code);
      expect({ status: confirmed.status, body: confirmed.body }).toEqual({
        status: 200,
        body: { userId, tenantId: link.tenantId, roleId: 'member', redirectTo: '/app' },
      });
    });
  });

  describe('one email, several signups', () => {
    it('while one waits, another signup with the email is 409 User already registered (any letter case, any link)', async () => {
      const link = await w.aVerifyingLink();
      const { email, userId } = await w.aPendingSignup(link);
      const plain = await aTenantWithLink(t, admin, { defaultRoleId: 'member' });
      for (const [token, address] of [
        [link.token, email.toUpperCase()],
        [plain.token, email],
      ]) {
        const response = await w.signUp(token, aSignup({ email: address }));
        expect({ status: response.status, body: response.body }).toEqual({ status: 409, body: ALREADY_REGISTERED_BODY });
        expect(sessionCookieOf(response)).toBeUndefined();
      }
      expect((await w.people(link.tenantId)).filter((person) => person.email === email)).toEqual([
        expect.objectContaining({ userId, status: 'pending' }),
      ]);
    });

    it('N concurrent signups with one email: exactly one 202, the rest 409, exactly one mail', async () => {
      const link = await w.aVerifyingLink();
      const local = unique('racer');
      const email = `${local}@example.org`;
      const variants = Array.from({ length: 20 }, (_, i) => (i % 2 ? email.toUpperCase() : email));
      const responses = await Promise.all(variants.map((address) => w.signUp(link.token, aSignup({ email: address }))));
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 202)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(variants.length - 1);
      for (const response of responses.filter((r) => r.status === 409)) expect(response.body).toEqual(ALREADY_REGISTERED_BODY);

      await w.mailTo(email);
      await w.outboxSettled();
      await sleep(5 * POLL_MS);
      expect(w.mailsTo(email)).toHaveLength(1);
      const events = await t.readAllEvents();
      expect(events.filter((event) => event.type === 'UserRegistered' && event.data.email === email)).toHaveLength(1);
      expect(events.filter((event) => event.streamName === emailReservationStream(email) && event.type === 'EmailVerificationRequested')).toHaveLength(1);
      expect((await w.people(link.tenantId)).filter((person) => person.email === email)).toHaveLength(1);
    });
  });

  describe('sending the mail again', () => {
    it('answers 202 with the same body for a waiting address, an unknown one and a member; only the waiting one gets a second mail, with the same link', async () => {
      const link = await w.aVerifyingLink();
      const pending = await w.aPendingSignup(link);
      const member = await t.addTenantUser(link.tenantId, admin.token);
      const nobody = anEmail('nobody');

      const answers = [await w.resend(pending.email.toUpperCase()), await w.resend(nobody), await w.resend(member.email)];
      for (const answer of answers) {
        expect({ status: answer.status, body: answer.body }).toEqual({ status: 202, body: { status: 'accepted' } });
        expect(answer.headers['cache-control']).toBe('no-store');
        expect(answer.text).toBe(answers[0].text);
      }

      const second = await w.mailTo(pending.email, 2);
      expect(w.codeIn(second)).toBe(pending.code);
      expect(second.messageId).not.toBe(pending.mail.messageId);
      await w.outboxSettled();
      await sleep(5 * POLL_MS);
      expect(w.mailsTo(pending.email)).toHaveLength(2);
      expect(w.mailsTo(nobody)).toEqual([]);
      expect(w.mailsTo(member.email)).toEqual([]);
      expect((await w.streamEvents(pending.reservation)).map((event) => event.type)).toEqual([
        'EmailReserved',
        'EmailVerificationRequested',
        'EmailVerificationResent',
      ]);
      // The same code confirms.
      expect((await w.confirm(pending.code)).status).toBe(200);
    });

    it(`is limited per address (RATE_LIMIT_RESEND_PER_EMAIL=${RESENDS_PER_EMAIL}): then 429 with Retry-After, from any client address`, async () => {
      const address = anEmail('limited');
      for (let i = 0; i < RESENDS_PER_EMAIL; i++) expect((await w.resend(address)).status).toBe(202);
      const limited = await w.resend(`  ${address.toUpperCase()} `);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.body).toEqual(expect.objectContaining({ statusCode: 429, error: 'Too Many Requests' }));
      // Another address from the same client is not limited by it.
      const ip = freshIp();
      expect((await w.resend(address, ip)).status).toBe(429);
      expect((await w.resend(anEmail('other'), ip)).status).toBe(202);
    });

    it('refuses something that is not an address with 400 naming `email`', async () => {
      for (const email of ['not-an-email', 42, undefined]) {
        expectFieldError(await w.resend(email), 400, 'email');
      }
    });
  });

  it('signing in before the confirmation: the right password is 401 email_not_verified, a wrong one the usual 401', async () => {
    const link = await w.aVerifyingLink();
    const { email, password } = await w.aPendingSignup(link);
    const signIn = (body: object) => t.anonymous().post(paths.signIn()).send(body);

    const unverified = await signIn({ email, password });
    expect({ status: unverified.status, body: unverified.body }).toEqual({
      status: 401,
      body: { statusCode: 401, message: EMAIL_NOT_VERIFIED_MESSAGE, error: 'Unauthorized', code: 'email_not_verified' },
    });
    expect(sessionCookieOf(unverified)).toBeUndefined();

    const usual = await signIn({ email: anEmail('unknown'), password });
    const wrong = await signIn({ email, password: `${password}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual(usual.body);
    expect(wrong.body.code).not.toBe('email_not_verified');
  });

  it('a link without the setting works exactly as before: 201, the session cookie, the membership, no mail', async () => {
    const { tenantId, token } = await aTenantWithLink(t, admin, { defaultRoleId: 'member' });
    expect((await t.as(admin.token).get(paths.inviteLink(tenantId))).body.requireEmailVerification).toBe(false);
    const form = aSignup();
    const email = (form.email as string).toLowerCase();
    const response = await w.signUp(token, form);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ userId: expect.any(String), tenantId, roleId: 'member', redirectTo: '/app' });
    const cookie = sessionCookieOf(response);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    const me = await t.anonymous().get(paths.me()).set('Cookie', cookie!.split(';')[0]);
    expect(me.body.memberships).toEqual([{ tenantId, roleId: 'member' }]);
    expect((await w.people(tenantId)).filter((person) => person.email === email)).toEqual([expect.objectContaining({ status: 'active' })]);
    expect((await w.streamEvents(emailReservationStream(email))).map((event) => event.type)).toEqual(['EmailReserved', 'RegistrationCompleted']);
    await sleep(5 * POLL_MS);
    expect(w.mailsTo(email)).toEqual([]);
  });

  it('keeps the code and the link out of every event, every read-model document and every log line', async () => {
    const link = await w.aVerifyingLink();
    const pending = await w.aPendingSignup(link);
    expect((await w.resend(pending.email)).status).toBe(202);
    expect(w.codeIn(await w.mailTo(pending.email, 2))).toBe(pending.code);
    const verifyPath = `/verify-email/${pending.code}`;
    expect((await request(t.url).get(verifyPath)).status).toBe(200);
    expect((await request(t.url).head(verifyPath)).status).toBe(200);
    expect((await w.confirm(pending.code)).status).toBe(200);
    expect((await w.confirm(pending.code)).status).toBe(409);
    await w.outboxSettled();
    await t.anonymous().get('/health').set('X-Request-Id', 'end-of-the-code-scenario');
    for (let i = 0; i < 100 && !t.output().includes('end-of-the-code-scenario'); i++) await sleep(20);

    const secrets = { code: pending.code, link: `${PUBLIC_BASE_URL}${verifyPath}` };

    // The stored events, as the app reads them.
    const events = JSON.stringify(await t.readAllEvents());
    expect(events).toContain(pending.email);
    for (const [name, secret] of Object.entries(secrets)) expect([name, events.includes(secret)]).toEqual([name, false]);

    // Every row of every SQLite file in DATA_DIR (event store, read models), and their bytes.
    const files = readdirSync(t.dataDir);
    const databases = files.filter((file) => file.endsWith('.sqlite3'));
    expect(databases).toEqual(expect.arrayContaining(['events.sqlite3']));
    expect(databases.some((file) => file.startsWith('read-models'))).toBe(true);
    let rows = '';
    for (const file of databases) {
      const db = new Database(join(t.dataDir, file), { readonly: true, fileMustExist: true });
      try {
        const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
        for (const { name } of tables) {
          for (const row of db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).raw().all() as unknown[][]) {
            rows += `${file}:${name}:${row.map((value) => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value))).join('|')}\n`;
          }
        }
      } finally {
        db.close();
      }
    }
    expect(rows).toContain(pending.email);
    // The documents that hold verification material were read too.
    expect(rows).toMatch(/^read-models[^:]*\.sqlite3:"?doc_email_verification_codes"?:/m);
    expect(rows).toMatch(/^read-models[^:]*\.sqlite3:"?doc_mail_outbox"?:/m);
    for (const [name, secret] of Object.entries(secrets)) expect([name, rows.includes(secret)]).toEqual([name, false]);
    const bytes = Buffer.concat(files.map((file) => readFileSync(join(t.dataDir, file))));
    expect(bytes.includes(pending.email)).toBe(true);
    expect(bytes.includes(pending.code)).toBe(false);

    // The log: the requests that carried the code are there, the code is not.
    const output = t.output();
    expect(output).toContain('end-of-the-code-scenario');
    expect(output).toContain('"/verify-email/[code]"');
    expect(output).toContain('/api/v1/email-verifications/confirm');
    expect(output).toContain('/api/v1/email-verifications/resend');
    for (const [name, secret] of Object.entries(secrets)) expect([name, output.includes(secret)]).toEqual([name, false]);
  });

  // Last in this app: it moves the clock past the codes' lifetime.
  it(`expired (after EMAIL_VERIFICATION_TTL_MINUTES=${TTL_MINUTES}): 410, the expiry recorded, the account closed, the email free again`, async () => {
    const link = await w.aVerifyingLink();
    const pending = await w.aPendingSignup(link);
    t.clock.advance((TTL_MINUTES + 1) * 60_000);
    try {
      const expired = await w.confirm(pending.code);
      expect({ status: expired.status, body: expired.body }).toEqual({ status: 410, body: CODE_EXPIRED_BODY });
      expect(sessionCookieOf(expired)).toBeUndefined();

      const onReservation = await w.streamEvents(pending.reservation);
      expect(onReservation.map((event) => event.type)).toEqual(['EmailReserved', 'EmailVerificationRequested', 'EmailVerificationExpired', 'EmailReleased']);
      expect(onReservation[3].data).toEqual({ userId: pending.userId, reason: 'verification_expired' });
      expect(await w.streamEvents(`user-${pending.userId}`)).toEqual([
        expect.objectContaining({ type: 'UserRegistered' }),
        expect.objectContaining({ type: 'AccountClosed', data: { reason: 'verification_expired' } }),
      ]);
      expect((await w.people(link.tenantId)).filter((person) => person.userId === pending.userId)).toEqual([]);
      expect((await w.confirm(pending.code)).status).toBe(410);

      // The same address signs up again, waits again, and gets a new link.
      const again = await w.signUp(link.token, aSignup({ email: pending.email }));
      expect({ status: again.status, body: again.body }).toEqual({ status: 202, body: { status: 'verification_required', email: pending.email } });
      const newCode = w.codeIn(await w.mailTo(pending.email, 2));
      expect(newCode).not.toBe(pending.code);
      const listed = (await w.people(link.tenantId)).filter((person) => person.email === pending.email);
      expect(listed).toEqual([expect.objectContaining({ status: 'pending' })]);
      expect(listed[0].userId).not.toBe(pending.userId);
    } finally {
      t.clock.useRealTime();
    }
  });
});

describe('the mail outbox and the recovery job', () => {
  let catcher: SmtpCatcher;
  let admin: Admin;
  beforeAll(async () => {
    catcher = await SmtpCatcher.start();
  });
  afterAll(async () => {
    catcher?.refuse('none');
    await catcher?.stop();
  });

  const t = useTestApp(() => ({
    controllableClock: true,
    env: { SMTP_URL: catcher.url, ...OUTBOX_ENV, EMAIL_VERIFICATION_TTL_MINUTES: String(TTL_MINUTES), REGISTRATION_RECOVERY_INTERVAL_MS: '200' },
  }));
  const w = aWorld(
    t,
    () => catcher,
    () => admin,
  );

  beforeAll(async () => {
    ({ admin } = await anMspWithAdmin(t));
  });

  const metrics = async () => {
    const response = await t.anonymous().get('/metrics');
    expect(response.status).toBe(200);
    return response.text;
  };

  it('retries while the mail server refuses and delivers the mail once when it accepts again; the metrics show it', async () => {
    const link = await w.aVerifyingLink();
    const sentBefore = sampleOf(await metrics(), 'mail_outbox_sent_total', 'kind="email_verification"') ?? 0;
    catcher.refuse('temporary');
    const response = await w.signUp(link.token, aSignup());
    expect(response.status).toBe(202);
    const email = response.body.email as string;
    for (let i = 0; i < 200 && catcher.refusals < 2; i++) await sleep(25);
    expect(catcher.refusals).toBeGreaterThanOrEqual(2);

    // While it refuses: queued, not sent, the failures counted.
    const during = await metrics();
    expect(sampleOf(during, 'mail_outbox_queued')).toBeGreaterThanOrEqual(1);
    expect(sampleOf(during, 'mail_outbox_failed_attempts_total', 'kind="email_verification"')).toBeGreaterThanOrEqual(2);
    expect(w.mailsTo(email)).toEqual([]);

    const refused = catcher.refusals;
    catcher.refuse('none');
    const mail = await w.mailTo(email);
    await w.outboxSettled();
    await sleep(10 * POLL_MS);
    expect(w.mailsTo(email)).toHaveLength(1);
    expect(catcher.mails.filter((caught) => caught.messageId === mail.messageId)).toHaveLength(1);

    const [requested] = (await w.streamEvents(emailReservationStream(email))).filter((event) => event.type === 'EmailVerificationRequested');
    expect(mail.messageId).toBe(`${requested.id}@invites.test`);
    const sent = await w.streamEvents(`mail-${requested.id}`);
    expect(sent).toEqual([
      expect.objectContaining({ type: 'MailSent', data: { messageId: requested.id, kind: 'email_verification', attempts: refused + 1 } }),
    ]);
    expect(sent[0].data.attempts).toBeGreaterThanOrEqual(3);

    const after = await metrics();
    expect(sampleOf(after, 'mail_outbox_failed_attempts_total', 'kind="email_verification"')).toBeGreaterThanOrEqual(refused);
    expect(sampleOf(after, 'mail_outbox_sent_total', 'kind="email_verification"')).toBe(sentBefore + 1);
    expect(sampleOf(after, 'mail_outbox_lag_seconds')).toEqual(expect.any(Number));
    expect(sampleOf(after, 'mail_outbox_queued')).toBe(0);

    // And its link works.
    expect((await w.confirm(w.codeIn(mail))).status).toBe(200);
  });

  // Last in this app: it moves the clock past the codes' lifetime.
  it('expires a registration nobody confirms: the recovery job records the expiry, closes the account and frees the email', async () => {
    const link = await w.aVerifyingLink();
    const pending = await w.aPendingSignup(link);
    const stillPending = async () => (await w.people(link.tenantId)).some((person) => person.userId === pending.userId);

    // Several passes of the job leave a registration alone while its code works.
    await sleep(1000);
    expect(await stillPending()).toBe(true);

    t.clock.advance((TTL_MINUTES + 1) * 60_000);
    try {
      // The list stops showing an expired person at once; the job's undo follows within a pass.
      expect(await stillPending()).toBe(false);
      const released = async () => (await w.streamEvents(pending.reservation)).some((event) => event.type === 'EmailReleased');
      for (let i = 0; i < 100 && !(await released()); i++) await sleep(100);

      const onReservation = await w.streamEvents(pending.reservation);
      expect(onReservation.map((event) => event.type)).toEqual(['EmailReserved', 'EmailVerificationRequested', 'EmailVerificationExpired', 'EmailReleased']);
      expect(onReservation[2].metadata.actor).toEqual({ type: 'system' });
      expect(onReservation[3].data).toEqual({ userId: pending.userId, reason: 'verification_expired' });
      expect((await w.streamEvents(`user-${pending.userId}`)).map((event) => event.type)).toEqual(['UserRegistered', 'AccountClosed']);
      expect((await w.confirm(pending.code)).status).toBe(410);
      expect((await w.signUp(link.token, aSignup({ email: pending.email }))).status).toBe(202);
    } finally {
      t.clock.useRealTime();
    }
  });
});
