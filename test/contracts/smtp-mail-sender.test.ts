import { AddressInfo, createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createMailSender, SmtpMailSender, smtpServerOf } from '../../src/infrastructure/mail/smtp-mail-sender';
import { MailDeliveryError, OutgoingMail } from '../../src/shared/application/mail-sender.port';
import { linksIn, SmtpCatcher } from '../support/smtp-catcher';

/**
 * The SMTP adapter against a real SMTP server (the tests' catcher): what arrives, what a refusal
 * or an unreachable server turns into, and that the password of SMTP_URL never shows.
 */
const FROM = '"Contoso Portal" <no-reply@links.example.com>';

let sequence = 0;
function aMail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  sequence += 1;
  return {
    messageId: `evt-${sequence}-${process.pid}@links.example.com`,
    to: 'ada@contoso.com',
    subject: `Confirm your email address (${sequence})`,
    text: `Open https://links.example.com/verify-email/code-${sequence} to confirm.\n`,
    html: `<p>Open <a href="https://links.example.com/verify-email/code-${sequence}">the link</a> to confirm.</p>`,
    ...overrides,
  };
}

/** A port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function failureOf(promise: Promise<unknown>): Promise<MailDeliveryError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(MailDeliveryError);
  return outcome as MailDeliveryError;
}

describe('SmtpMailSender against a real SMTP server', () => {
  let catcher: SmtpCatcher;
  let sender: SmtpMailSender;

  beforeEach(async () => {
    catcher = await SmtpCatcher.start();
    sender = new SmtpMailSender({ smtpUrl: catcher.url, from: FROM });
  });

  afterEach(async () => {
    await sender.close();
    await catcher.stop();
  });

  it('delivers the text and HTML bodies with the Message-ID, From, To and Auto-Submitted', async () => {
    const mail = aMail();
    await sender.send(mail);
    const caught = await catcher.waitForMail((candidate) => candidate.messageId === mail.messageId, 5_000);
    expect(caught).toMatchObject({ messageId: mail.messageId, from: FROM, to: ['ada@contoso.com'], subject: mail.subject });
    expect(caught.text.trim()).toBe(mail.text.trim());
    expect(caught.html.trim()).toBe(mail.html);
    expect(caught.headers['auto-submitted']).toBe('auto-generated');
    expect(caught.headers['message-id']).toBe(`<${mail.messageId}>`);
    expect(catcher.mails).toHaveLength(1);
  });

  it('turns a 421 into a MailDeliveryError with the code, and sends again once the server accepts', async () => {
    catcher.refuse('temporary');
    const mail = aMail();
    const error = await failureOf(sender.send(mail));
    expect(error.responseCode).toBe(421);
    expect(error.message).toBe(`SMTP server ${catcher.url} refused the mail: 421 4.3.2 Service not available, try later`);
    expect(error.message).not.toContain(mail.text.trim());
    // The outbox retries, not the transport: one attempt, one refusal.
    expect(catcher.refusals).toBe(1);

    catcher.refuse('none');
    await sender.send(mail);
    expect((await catcher.waitForMail((candidate) => candidate.messageId === mail.messageId, 5_000)).subject).toBe(mail.subject);
  });

  it('turns a permanent refusal into a MailDeliveryError with its 5xx code', async () => {
    catcher.refuse('permanent');
    const error = await failureOf(sender.send(aMail()));
    expect(error.responseCode).toBe(554);
    expect(error.message).toBe(`SMTP server ${catcher.url} refused the mail: 554 5.7.1 Rejected`);
  });

  it('never shows the password of SMTP_URL, refused or unreachable', async () => {
    const withPassword = new SmtpMailSender({ smtpUrl: catcher.url.replace('smtp://', 'smtp://user:s3cret@'), from: FROM });
    try {
      // Accepted with the credentials (the catcher takes any login)...
      const mail = aMail();
      await withPassword.send(mail);
      await catcher.waitForMail((candidate) => candidate.messageId === mail.messageId, 5_000);
      // ...and refused: the message names the server without user or password.
      catcher.refuse('temporary');
      const refused = await failureOf(withPassword.send(aMail()));
      expect(refused.message).toContain(`SMTP server ${catcher.url} refused the mail`);
      expect(refused.message).not.toContain('s3cret');
      expect(refused.message).not.toContain('user:');
    } finally {
      await withPassword.close();
    }
    const unreachable = new SmtpMailSender({ smtpUrl: `smtp://user:s3cret@127.0.0.1:${await closedPort()}`, from: FROM });
    try {
      const error = await failureOf(unreachable.send(aMail()));
      expect(error.message).not.toContain('s3cret');
      expect(JSON.stringify(error)).not.toContain('s3cret');
      expect(String(error.stack)).not.toContain('s3cret');
    } finally {
      await unreachable.close();
    }
  });

  it('says the login was refused, without the password even when the server repeats it', async () => {
    // A careless server that echoes the password it got (decoded from the URL) in its reply.
    const strict = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      onAuth: (auth, _session, callback) =>
        callback(Object.assign(new Error(`5.7.8 Authentication credentials invalid: ${auth.password}`), { responseCode: 535 })),
    });
    await new Promise<void>((resolve) => strict.listen(0, '127.0.0.1', () => resolve()));
    const { port } = strict.server.address() as AddressInfo;
    const withPassword = new SmtpMailSender({ smtpUrl: `smtp://mailer:s3cret%25x@127.0.0.1:${port}`, from: FROM });
    try {
      const error = await failureOf(withPassword.send(aMail()));
      expect(error.responseCode).toBe(535);
      expect(error.message).toBe(
        `SMTP server smtp://127.0.0.1:${port} refused the login: 535 5.7.8 Authentication credentials invalid: *** (check the user and password in SMTP_URL)`,
      );
      expect(error.message).not.toMatch(/s3cret/);
    } finally {
      await withPassword.close();
      await new Promise<void>((resolve) => strict.close(() => resolve()));
    }
  });

  it('fails fast, in seconds, when nothing listens at the port', async () => {
    const port = await closedPort();
    const unreachable = new SmtpMailSender({ smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM });
    try {
      const started = Date.now();
      const error = await failureOf(unreachable.send(aMail()));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(error.responseCode).toBeUndefined();
      expect(error.message).toMatch(new RegExp(`^could not connect to SMTP server smtp://127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED.*\\): check SMTP_URL`));
    } finally {
      await unreachable.close();
    }
  });

  it('refuses to send once closed, and closes twice without complaint', async () => {
    await sender.close();
    await sender.close();
    expect((await failureOf(sender.send(aMail()))).message).toMatch(/is closed/);
  });
});

describe('createMailSender', () => {
  it('builds the SMTP sender when SMTP_URL is set', async () => {
    const sender = createMailSender({ mail: { smtpUrl: 'smtp://127.0.0.1:2525', from: 'it@contoso.com' } });
    expect(sender.configured).toBe(true);
    await sender.close();
  });

  it('without SMTP_URL, builds a sender whose every send says to set it', async () => {
    const sender = createMailSender({});
    expect(sender.configured).toBe(false);
    const error = await failureOf(sender.send(aMail()));
    expect(error.message).toBe('Mail is not configured: set SMTP_URL to the mail server (smtp://host:port or smtps://host:port) to send mails');
    await sender.close();
  });
});

describe('smtpServerOf', () => {
  it('shows scheme, host and port (the default one when none is given), never user or password', () => {
    expect(smtpServerOf('smtp://user:pw@mail.example.com')).toBe('smtp://mail.example.com:587');
    expect(smtpServerOf('smtps://user:pw@mail.example.com')).toBe('smtps://mail.example.com:465');
    expect(smtpServerOf('smtp://mail.example.com:2525/?pool=true')).toBe('smtp://mail.example.com:2525');
  });
});

describe('SmtpCatcher (the tests\' SMTP server)', () => {
  it('waits for a mail still to come, and says what arrived when the awaited one does not', async () => {
    const catcher = await SmtpCatcher.start();
    const sender = new SmtpMailSender({ smtpUrl: catcher.url, from: FROM });
    try {
      expect(catcher.url).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
      const waiting = catcher.waitForMail((mail) => mail.to.includes('grace@contoso.com'), 5_000);
      await sender.send(aMail({ to: 'grace@contoso.com', subject: 'For Grace' }));
      expect((await waiting).subject).toBe('For Grace');
      await expect(catcher.waitForMail((mail) => mail.subject === 'Never sent', 200)).rejects.toThrow(
        `No matching mail at ${catcher.url} within 200 ms: 1 arrived: to grace@contoso.com "For Grace"`,
      );
      catcher.refuse('permanent');
      await failureOf(sender.send(aMail()));
      await failureOf(sender.send(aMail()));
      expect(catcher.refusals).toBe(2);
      expect(catcher.mails).toHaveLength(1);
    } finally {
      await sender.close();
      await catcher.stop();
    }
  });

  it('finds the http(s) links of a text body, without the punctuation after them', () => {
    const text = 'Open https://links.example.com/verify-email/abc_-9. Or (http://localhost:3000/x?y=1), not ftp://x.example.';
    expect(linksIn({ text })).toEqual(['https://links.example.com/verify-email/abc_-9', 'http://localhost:3000/x?y=1']);
  });
});
