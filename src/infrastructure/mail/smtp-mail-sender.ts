import { createTransport, Transporter } from 'nodemailer';
import { AppConfig, MailConfig } from '../../config/app-config';
import { MailDeliveryError, MailSender, OutgoingMail } from '../../shared/application/mail-sender.port';

/**
 * Seconds, not nodemailer's minutes (2 min to connect, 10 min of silence): the outbox retries a
 * failed mail later anyway, and an attempt that hangs holds up every mail queued behind it.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, dnsTimeout: 10_000, socketTimeout: 30_000 } as const;

/** Failures that mean the server was never reached (or the conversation broke), not a refusal. */
const CONNECTION_FAILURES = new Set(['ECONNECTION', 'ESOCKET', 'EDNS', 'ETIMEDOUT', 'ETLS', 'EPROXY']);

/**
 * `smtp://host:port` of an SMTP_URL, with the port nodemailer uses when none is given: what
 * operators may see of the URL. No user, no password, no query.
 */
export function smtpServerOf(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return `${url.protocol}//${url.hostname}:${url.port || (secure ? 465 : 587)}`;
}

interface NodemailerFailure {
  readonly message?: string;
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly command?: string;
}

/**
 * Sends each mail over SMTP with nodemailer, exactly as written (OutgoingMail): the configured
 * From, the given Message-ID (a retry repeats it, so receivers can drop a duplicate) and
 * `Auto-Submitted: auto-generated` (RFC 3834: no out-of-office replies to it). Nothing is added:
 * no tracking pixel, no rewritten link; nodemailer may not read files or URLs for content.
 *
 * One connection per mail, not a pool: verification mails come one at a time from the outbox,
 * and on a pooled connection a server that answers 421 and hangs up surfaces as "connection
 * closed" without its reply code, which the operator (and the outbox's log) needs.
 */
export class SmtpMailSender implements MailSender {
  readonly configured = true;
  private readonly transport: Transporter;
  private readonly server: string;
  private readonly secrets: string[];
  private closed = false;

  constructor(private readonly config: MailConfig) {
    this.server = smtpServerOf(config.smtpUrl);
    const password = new URL(config.smtpUrl).password;
    // As written in the URL and decoded, as nodemailer would use it: neither may be repeated.
    this.secrets = [...new Set([password, safeDecode(password)])].filter((secret) => secret.length > 0);
    this.transport = createTransport({
      url: config.smtpUrl,
      ...SMTP_TIMEOUTS,
      disableFileAccess: true,
      disableUrlAccess: true,
      logger: false,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (this.closed) throw new MailDeliveryError(`the mail sender for SMTP server ${this.server} is closed (the service is stopping)`);
    try {
      await this.transport.sendMail({
        from: this.config.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${mail.messageId}>`,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    } catch (error) {
      throw this.deliveryError(error as NodemailerFailure);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.transport.close();
  }

  /** What went wrong in words an operator can act on: the server and its reply, never the mail or the password. */
  private deliveryError(failure: NodemailerFailure): MailDeliveryError {
    const reply = this.scrub(failure.response ?? failure.message ?? 'no reply').trim();
    if (failure.responseCode) {
      const message =
        failure.code === 'EAUTH'
          ? `SMTP server ${this.server} refused the login: ${reply} (check the user and password in SMTP_URL)`
          : `SMTP server ${this.server} refused the mail: ${reply}`;
      return new MailDeliveryError(message, failure.responseCode);
    }
    const detail = this.scrub(failure.message ?? String(failure)).trim();
    if (failure.code && CONNECTION_FAILURES.has(failure.code)) {
      return new MailDeliveryError(`could not connect to SMTP server ${this.server} (${detail}): check SMTP_URL and that the server is reachable`);
    }
    return new MailDeliveryError(`could not send through SMTP server ${this.server}: ${detail}`);
  }

  private scrub(text: string): string {
    return this.secrets.reduce((scrubbed, secret) => scrubbed.split(secret).join('***'), text);
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The sender when SMTP_URL is unset: mails stay in the outbox, each attempt failing with what to do. */
export class UnconfiguredMailSender implements MailSender {
  readonly configured = false;

  async send(): Promise<void> {
    throw new MailDeliveryError('Mail is not configured: set SMTP_URL to the mail server (smtp://host:port or smtps://host:port) to send mails');
  }

  async close(): Promise<void> {}
}

/** The MailSender for the configuration: SMTP when SMTP_URL is set, otherwise one that says to set it. */
export function createMailSender(config: Pick<AppConfig, 'mail'>): MailSender {
  return config.mail ? new SmtpMailSender(config.mail) : new UnconfiguredMailSender();
}
