import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { CLOCK, Clock } from '../../../shared/application/clock';
import { EVENT_STORE, EventStore, RecordedEvent } from '../../../shared/application/event-store.port';
import { EventSourcedRepository } from '../../../shared/application/event-sourced-repository';
import { OutgoingMail } from '../../../shared/application/mail-sender.port';
import { READ_MODELS, ReadModels } from '../../../shared/application/read-models.port';
import {
  emailReservationDecider,
  EmailVerificationRequested,
  isAwaitingVerification,
} from '../../accounts/domain/email-reservation.decider';
import { userDecider, userStream } from '../../accounts/domain/user.decider';
import { MailComposer, NoLongerNeeded } from '../../mail/application/mail-composer';
import { MailOutbox } from '../../mail/application/mail-outbox';
import { VerificationCodes } from './verification-codes';
import { verificationMail } from './verification-mail';

/**
 * Writes the verification mail for EmailVerificationRequested and EmailVerificationResent, when
 * the outbox sends it: the code is derived again from the request's seed, so every attempt and
 * every resend carries the same link. A registration that no longer waits (confirmed, expired,
 * undone) gets no mail.
 */
@Injectable()
export class VerificationMailComposer implements MailComposer, OnModuleInit {
  readonly kind = 'email_verification';

  constructor(
    private readonly outbox: MailOutbox,
    private readonly repository: EventSourcedRepository,
    private readonly codes: VerificationCodes,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'publicBaseUrl' | 'productName'>,
  ) {}

  onModuleInit(): void {
    this.outbox.register(this);
  }

  async compose(request: RecordedEvent, messageId: string): Promise<OutgoingMail | NoLongerNeeded> {
    const userId = (request.data as { userId: string }).userId;
    const { state } = await this.repository.load(request.streamName, emailReservationDecider);
    if (state.verification?.userId !== userId || !isAwaitingVerification(state, this.clock.now().toISOString())) {
      return { discard: 'verification_no_longer_pending' };
    }
    // The request that holds the seed: the event itself, or the one a resend repeats.
    const requested = (await this.store.readStream(request.streamName)).findLast(
      (event) => event.type === 'EmailVerificationRequested' && (event.data as EmailVerificationRequested['data']).userId === userId,
    );
    if (!requested) return { discard: 'verification_request_not_found' };
    const { codeSeed, tenantId } = requested.data as EmailVerificationRequested['data'];
    const user = await this.repository.load(userStream(userId), userDecider);
    const tenant = await this.readModels.inviteLinkOfTenant(tenantId);
    const minutesLeft = Math.max(1, Math.round((Date.parse(state.verification.expiresAt) - this.clock.now().getTime()) / 60_000));
    return verificationMail({
      messageId,
      to: user.state.email,
      productName: this.config.productName,
      organizationName: tenant?.name ?? 'your organization',
      firstName: user.state.firstName,
      link: `${this.config.publicBaseUrl.replace(/\/+$/, '')}/verify-email/${this.codes.codeFrom(codeSeed)}`,
      ttlMinutes: minutesLeft,
    });
  }
}
