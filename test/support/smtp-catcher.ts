import { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerError } from 'smtp-server';

/** One mail as the catcher received and parsed it. */
export interface CaughtMail {
  /** The Message-ID header without angle brackets ('' when the mail had none). */
  readonly messageId: string;
  /** The From header as written, e.g. `"Account invitations" <no-reply@localhost>`. */
  readonly from: string;
  /** The addresses of the To header. */
  readonly to: string[];
  readonly subject: string;
  /** The plain-text body ('' when there is none). */
  readonly text: string;
  /** The HTML body ('' when there is none). */
  readonly html: string;
  /** Every header by its lower-case name, unfolded; repeated headers joined with a newline. */
  readonly headers: Readonly<Record<string, string>>;
}

/** `'temporary'`: 421 to every MAIL FROM; `'permanent'`: 554; `'none'`: accept. */
export type RefusalMode = 'temporary' | 'permanent' | 'none';

const REFUSALS: Record<Exclude<RefusalMode, 'none'>, { code: number; message: string }> = {
  temporary: { code: 421, message: '4.3.2 Service not available, try later' },
  permanent: { code: 554, message: '5.7.1 Rejected' },
};

/** The http(s) URLs in a mail's plain-text body, in order (trailing punctuation left out). */
export function linksIn(mail: Pick<CaughtMail, 'text'>): string[] {
  return [...mail.text.matchAll(/https?:\/\/[^\s<>"']+/g)].map((match) => match[0].replace(/[.,;:!?)\]]+$/, ''));
}

function summary(mail: CaughtMail): string {
  return `to ${mail.to.join(', ') || '(nobody)'} "${mail.subject}"`;
}

/**
 * A real SMTP server in the test process (smtp-server on 127.0.0.1, an ephemeral port): no TLS,
 * any AUTH accepted (a URL with credentials works), every mail parsed with mailparser and kept.
 * The service under test (in process or a child process) sends to `url` as to any server; tests
 * read `mails`, wait for one, or make the server refuse to see the retries.
 */
export class SmtpCatcher {
  /** Every mail accepted so far, oldest first. */
  readonly mails: CaughtMail[] = [];
  private refusing: RefusalMode = 'none';
  private refused = 0;
  private readonly waiters = new Set<() => void>();

  private readonly server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    // Whatever the client is configured with: the tests check what the service does with
    // credentials (never shows them), not a mail server's password check.
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
    onMailFrom: (_address, _session, callback) => callback(this.refusal()),
    onData: (stream, _session, callback) => {
      simpleParser(stream)
        .then((parsed) => {
          this.keep(parsed);
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
    // A client left connected does not hold stop() up.
    closeTimeout: 500,
  });
  private address = '';

  private constructor() {
    this.server.on('error', () => undefined); // a client that drops the connection is not a test failure
  }

  static async start(): Promise<SmtpCatcher> {
    const catcher = new SmtpCatcher();
    await new Promise<void>((resolve, reject) => {
      catcher.server.server.once('error', reject);
      catcher.server.listen(0, '127.0.0.1', () => {
        catcher.server.server.off('error', reject);
        resolve();
      });
    });
    catcher.address = `smtp://127.0.0.1:${(catcher.server.server.address() as AddressInfo).port}`;
    return catcher;
  }

  /** `smtp://127.0.0.1:<port>`: SMTP_URL for the service under test. */
  get url(): string {
    return this.address;
  }

  /** How many MAIL FROM commands were refused since the start. */
  get refusals(): number {
    return this.refused;
  }

  /** Refuse every mail from now on with a temporary (421) or permanent (554) error, or accept again. */
  refuse(mode: RefusalMode): void {
    this.refusing = mode;
  }

  /**
   * The first mail (already caught or still to come) that matches; rejects after `timeoutMs`
   * with what did arrive, so a failing test says whether nothing came or something else did.
   */
  waitForMail(predicate: (mail: CaughtMail) => boolean = () => true, timeoutMs = 10_000): Promise<CaughtMail> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.mails.find(predicate);
        if (found) resolve(found);
        return found !== undefined;
      };
      if (check()) return;
      const waiter = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const arrived = this.mails.length === 0 ? 'none arrived' : `${this.mails.length} arrived: ${this.mails.map(summary).join('; ')}`;
        const refusals = this.refused > 0 ? ` (${this.refused} refused while refusing ${this.refusing === 'none' ? 'earlier' : this.refusing})` : '';
        reject(new Error(`No matching mail at ${this.url} within ${timeoutMs} ms: ${arrived}${refusals}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Stops listening and closes what is still connected. */
  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private refusal(): SMTPServerError | null {
    if (this.refusing === 'none') return null;
    this.refused += 1;
    const { code, message } = REFUSALS[this.refusing];
    const error: SMTPServerError = new Error(message);
    error.responseCode = code;
    return error;
  }

  private keep(parsed: Awaited<ReturnType<typeof simpleParser>>): void {
    const headers: Record<string, string> = {};
    for (const { key, line } of parsed.headerLines) {
      const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
      headers[key] = key in headers ? `${headers[key]}\n${value}` : value;
    }
    const to = [parsed.to ?? []].flat().flatMap((list) => list.value.map((address) => address.address ?? '').filter(Boolean));
    this.mails.push({
      messageId: (parsed.messageId ?? '').replace(/^<|>$/g, ''),
      from: parsed.from?.text ?? '',
      to,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: parsed.html || '',
      headers,
    });
    for (const waiter of [...this.waiters]) waiter();
  }
}
