import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig, millisecondsFromEnv } from '../../../config/app-config';
import { CLOCK, Clock } from '../../../shared/application/clock';
import { EVENT_STORE, EventStore, RecordedEvent } from '../../../shared/application/event-store.port';
import { EventSourcedRepository } from '../../../shared/application/event-sourced-repository';
import { MAIL_OUTBOX_METRICS, MailOutboxMetrics } from '../../../shared/application/mail-outbox-metrics.port';
import { MAIL_SENDER, MailSender, OutgoingMail } from '../../../shared/application/mail-sender.port';
import { QueuedMail, READ_MODELS, ReadModels } from '../../../shared/application/read-models.port';
import { mailDecider, mailStream } from '../domain/mail.events';
import { MailComposer, NoLongerNeeded } from './mail-composer';

export interface MailOutboxSettings {
  /** Pause between two looks at the queue. */
  readonly pollMs: number;
  /** First retry after a failed attempt; doubled each time up to `retryMaxMs`. */
  readonly retryMinMs: number;
  readonly retryMaxMs: number;
  /** Most mails looked at per pass. */
  readonly batchSize: number;
}

export const MAIL_OUTBOX_SETTINGS = Symbol('MAIL_OUTBOX_SETTINGS');

export const DEFAULT_MAIL_OUTBOX_SETTINGS: MailOutboxSettings = { pollMs: 1000, retryMinMs: 2000, retryMaxMs: 300_000, batchSize: 50 };


/** `MAIL_OUTBOX_POLL_MS` (1000), `MAIL_RETRY_MIN_MS` (2000), `MAIL_RETRY_MAX_MS` (300000). Tests make them small. */
export function mailOutboxSettingsFromEnv(env: Record<string, string | undefined> = process.env): MailOutboxSettings {
  const retryMinMs = millisecondsFromEnv(env, 'MAIL_RETRY_MIN_MS', DEFAULT_MAIL_OUTBOX_SETTINGS.retryMinMs, 1);
  return {
    pollMs: Math.max(50, millisecondsFromEnv(env, 'MAIL_OUTBOX_POLL_MS', DEFAULT_MAIL_OUTBOX_SETTINGS.pollMs, 1)),
    retryMinMs,
    retryMaxMs: Math.max(retryMinMs, millisecondsFromEnv(env, 'MAIL_RETRY_MAX_MS', DEFAULT_MAIL_OUTBOX_SETTINGS.retryMaxMs, 1)),
    batchSize: DEFAULT_MAIL_OUTBOX_SETTINGS.batchSize,
  };
}

/** Exponential backoff with full jitter in its upper half: min·2^(failures-1), capped. */
export function retryDelayMs(failures: number, settings: Pick<MailOutboxSettings, 'retryMinMs' | 'retryMaxMs'>, random = Math.random): number {
  const ceiling = Math.min(settings.retryMaxMs, settings.retryMinMs * 2 ** Math.min(30, Math.max(0, failures - 1)));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

interface Backoff {
  failures: number;
  nextAttemptAt: number;
}

/** What one pass did. */
export interface OutboxPass {
  readonly sent: number;
  readonly discarded: number;
  readonly failed: number;
}

/**
 * The mail outbox. Mails are asked for by events (MAIL_REQUEST_EVENTS): the request is durable
 * the moment the event is, so a crash or an SMTP outage never loses a mail. This job sends what
 * the `mail_outbox` read model shows as queued, oldest first, and records each one as sent (or
 * discarded) on its own stream, `mail-<messageId>`, right after the server accepted it.
 *
 * At least once, idempotent by message id: a crash between the server's acceptance and that
 * record sends the mail again after the restart, with the same Message-ID (receivers drop
 * duplicates by it); in normal operation each mail is sent once. A failed attempt is retried with
 * exponential backoff (MAIL_RETRY_MIN_MS doubling up to MAIL_RETRY_MAX_MS) for as long as the
 * mail is still needed. The backlog (count and age of the oldest) is reported to the metrics.
 */
@Injectable()
export class MailOutbox implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MailOutbox.name);
  private readonly composers = new Map<string, MailComposer>();
  private readonly backoff = new Map<string, Backoff>();
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<OutboxPass> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly repository: EventSourcedRepository,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MAIL_SENDER) private readonly sender: MailSender,
    @Inject(MAIL_OUTBOX_METRICS) private readonly metrics: MailOutboxMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MAIL_OUTBOX_SETTINGS) private readonly settings: MailOutboxSettings,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'publicBaseUrl'>,
  ) {}

  /** Each kind of mail registers the composer that writes it (at module init). */
  register(composer: MailComposer): void {
    this.composers.set(composer.kind, composer);
  }

  /** The Message-ID of a queued mail: the asking event's id at the service's host. */
  messageIdOf(eventId: string): string {
    return `${eventId}@${new URL(this.config.publicBaseUrl).hostname}`;
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.timer = setInterval(() => void this.runOnce(), this.settings.pollMs);
    this.timer.unref();
    if (!this.sender.configured) {
      this.logger.log('Mail is not configured (SMTP_URL unset): mails stay queued until it is');
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.current?.catch(() => undefined);
  }

  /** Asks for a pass soon (after a request was appended) instead of at the next tick. */
  wake(): void {
    if (this.stopped) return;
    if (this.current) this.again = true;
    else setImmediate(() => void this.runOnce());
  }

  /** One pass over the queue; concurrent calls share the pass in progress. Never rejects. */
  runOnce(): Promise<OutboxPass> {
    this.current ??= this.pass().finally(() => {
      this.current = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        setImmediate(() => void this.runOnce());
      }
    });
    return this.current;
  }

  private async pass(): Promise<OutboxPass> {
    const result = { sent: 0, discarded: 0, failed: 0 };
    if (this.stopped) return result;
    let queued: QueuedMail[];
    try {
      queued = await this.readModels.queuedMails(this.settings.batchSize);
    } catch (error) {
      this.logger.error({ err: error }, 'Mail outbox could not read its queue; will retry');
      return result;
    }
    const now = this.clock.now().getTime();
    this.metrics.backlog(queued.length, queued.length > 0 ? Math.max(0, (now - Date.parse(queued[0].queuedAt)) / 1000) : 0);
    // Without a mail server the mails stay queued, untouched, until the service runs with one.
    if (!this.sender.configured) return result;
    const known = new Set(queued.map((mail) => mail.messageId));
    for (const id of this.backoff.keys()) if (!known.has(id)) this.backoff.delete(id);
    for (const mail of queued) {
      if (this.stopped) break;
      const backoff = this.backoff.get(mail.messageId);
      if (backoff && backoff.nextAttemptAt > this.clock.now().getTime()) continue;
      const outcome = await this.deliver(mail, backoff);
      result[outcome] += 1;
    }
    return result;
  }

  private async deliver(mail: QueuedMail, backoff: Backoff | undefined): Promise<'sent' | 'discarded' | 'failed'> {
    const attempts = (backoff?.failures ?? 0) + 1;
    const context = { actor: { type: 'system' as const }, correlationId: `mail-outbox-${mail.messageId}` };
    const stream = mailStream(mail.messageId);
    try {
      // The read model may lag behind the record: never send a mail that is done already.
      if ((await this.repository.load(stream, mailDecider)).state.done) return 'sent';
      const composer = this.composers.get(mail.kind);
      if (!composer) throw new Error(`no composer for mails of kind "${mail.kind}"`);
      const request = await this.requestOf(mail);
      const composed: OutgoingMail | NoLongerNeeded = request
        ? await composer.compose(request, this.messageIdOf(mail.messageId))
        : { discard: 'request_not_found' };
      if ('discard' in composed) {
        await this.repository.decideAndAppend(stream, mailDecider, { type: 'DiscardMail', messageId: mail.messageId, kind: mail.kind, reason: composed.discard }, context);
        this.backoff.delete(mail.messageId);
        this.logger.log(`Mail ${mail.messageId} (${mail.kind}) discarded: ${composed.discard}`);
        return 'discarded';
      }
      await this.sender.send(composed);
      this.metrics.sent(mail.kind);
      this.backoff.delete(mail.messageId);
      await this.repository.decideAndAppend(stream, mailDecider, { type: 'RecordMailSent', messageId: mail.messageId, kind: mail.kind, attempts }, context);
      this.logger.log(`Mail ${mail.messageId} (${mail.kind}) sent after ${attempts} attempt(s)`);
      return 'sent';
    } catch (error) {
      const failures = attempts;
      const delay = retryDelayMs(failures, this.settings);
      this.backoff.set(mail.messageId, { failures, nextAttemptAt: this.clock.now().getTime() + delay });
      this.metrics.failed(mail.kind);
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Mail ${mail.messageId} (${mail.kind}) not sent, attempt ${failures}: ${reason}; next attempt in ${Math.round(delay / 1000)} s`);
      return 'failed';
    }
  }

  /** The event that asked for the mail, read from its stream (the read model keeps no content). */
  private async requestOf(mail: QueuedMail): Promise<RecordedEvent | undefined> {
    const events = await this.store.readStream(mail.streamName);
    return events.find((event) => event.id === mail.messageId);
  }
}
