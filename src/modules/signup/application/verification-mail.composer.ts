import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { CLOCK, Clock } from '../../../shared/application/clock';
import { RecordedEvent } from '../../../shared/application/event-store.port';
import { EventSourcedRepository } from '../../../shared/application/event-sourced-repository';
import { OutgoingMail } from '../../../shared/application/mail-sender.port';
import { READ_MODELS, ReadModels } from '../../../shared/application/read-models.port';
import { emailReservationDecider, isAwaitingVerification } from '../../accounts/domain/email-reservation.decider';
import { userDecider, userStream } from '../../accounts/domain/user.decider';
import { MailComposer, NoLongerNeeded } from '../../mail/application/mail-composer';
import { MailOutbox } from '../../mail/application/mail-outbox';
import { VerificationCodes } from './verification-codes';
import { verificationMail } from './verification-mail';

/**
 * Writes the verification mail for EmailVerificationRequested and EmailVerificationResent, when
 * the outbox sends it: the code is derived again from the seed the reservation stream holds, so every attempt and
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
    const { codeSeed, tenantId, expiresAt } = state.verification;
    const user = await this.repository.load(userStream(userId), userDecider);
    const tenant = await this.readModels.inviteLinkOfTenant(tenantId);
    const minutesLeft = Math.max(1, Math.round((Date.parse(expiresAt) - this.clock.now().getTime()) / 60_000));
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
