import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { CLOCK, Clock } from '../../../shared/application/clock';
import { CommandContext } from '../../../shared/application/command-context';
import { EventSourcedRepository } from '../../../shared/application/event-sourced-repository';
import { READ_MODELS, ReadModels } from '../../../shared/application/read-models.port';
import { ReadYourWrites } from '../../../shared/application/read-your-writes';
import { DomainError, gone, notFound } from '../../../shared/domain/domain-error';
import { emailReservationStream, parseEmail } from '../../../shared/domain/email';
import { AccountRegistration, NewAccount, RegistrationOptions } from '../../accounts/application/account-registration.service';
import {
  emailReservationDecider,
  isAwaitingVerification,
  VERIFICATION_CODE_EXPIRED,
  VERIFICATION_CODE_INVALID,
} from '../../accounts/domain/email-reservation.decider';
import { userDecider, userStream } from '../../accounts/domain/user.decider';
import { MailOutbox } from '../../mail/application/mail-outbox';
import { InviteLinkJoin } from './invite-link-join.service';
import { VerificationCodes } from './verification-codes';

export interface StartVerification {
  readonly tenantId: string;
  readonly tokenHash: string;
  readonly account: NewAccount & { readonly password: string };
  readonly context: CommandContext;
  readonly options: RegistrationOptions;
}

/** What the verification page may show about a code before anyone confirms (GET: nothing is written). */
export type VerificationCodeStatus =
  | { readonly status: 'valid'; readonly email: string; readonly tenantId: string; readonly organizationName: string | null; readonly expiresAt: string }
  | { readonly status: 'invalid' | 'used' | 'expired' };

export interface ConfirmedJoin {
  readonly userId: string;
  readonly tenantId: string;
  readonly roleId: string;
}

/**
 * Email ownership verification of invite-link signups. A signup on a link that requires it
 * registers the account, holding the email, and records a verification request instead of the
 * membership (AccountRegistration with `awaitVerification`); the request asks the mail outbox
 * for a mail with a one-time link. Confirming the code records EmailVerified (once: a second
 * confirmation loses on the reservation stream's revision), then decides the join on the tenant
 * stream against the invite token the person signed up with, at that instant (R22: a link
 * disabled, regenerated or otherwise dead meanwhile refuses, and the registration is undone),
 * then completes the registration. A crash in between is an interrupted registration like any
 * other (the recovery job finishes or undoes it); a code nobody confirms expires (recovery job).
 */
@Injectable()
export class EmailVerification {
  private readonly ttlMs: number;

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly registration: AccountRegistration,
    private readonly codes: VerificationCodes,
    private readonly readYourWrites: ReadYourWrites,
    private readonly outbox: MailOutbox,
    private readonly joins: InviteLinkJoin,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'emailVerificationTtlMinutes'>,
  ) {
    this.ttlMs = config.emailVerificationTtlMinutes * 60_000;
  }

  /** Registers the account waiting for its email; the mail goes out through the outbox. */
  async start({ tenantId, tokenHash, account, context, options }: StartVerification): Promise<{ userId: string }> {
    const { codeHash, codeSeed } = this.codes.issue();
    const expiresAt = new Date(this.clock.now().getTime() + this.ttlMs).toISOString();
    const { userId, position } = await this.registration.register(account, context, undefined, {
      ...options,
      awaitVerification: { tenantId, tokenHash, codeHash, codeSeed, expiresAt },
    });
    // The users list shows the pending person, and the code is found, once this answers.
    await this.readYourWrites.after(position);
    this.outbox.wake();
    return { userId };
  }

  /** Reads what a code stands for, writing nothing (mail scanners fetch links). */
  async inspect(code: string): Promise<VerificationCodeStatus> {
    const owner = await this.ownerOf(code);
    if (!owner) return { status: 'invalid' };
    const { state } = await this.repository.load(owner.reservationStream, emailReservationDecider);
    // What a confirmation would decide now, without appending it.
    try {
      emailReservationDecider.decide({ type: 'VerifyEmail', codeHash: this.codes.hash(code), now: this.clock.now().toISOString() }, state);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // A code the read model knows was real: unknown on the stream means its registration was
      // undone since (expired, or the link stopped working), so it no longer works.
      return { status: error.code === 'verification_code_used' ? 'used' : 'expired' };
    }
    const user = await this.repository.load(userStream(owner.userId), userDecider);
    const tenant = await this.readModels.inviteLinkOfTenant(owner.tenantId);
    return {
      status: 'valid',
      email: user.state.email,
      tenantId: owner.tenantId,
      organizationName: tenant?.name ?? null,
      expiresAt: state.verification!.expiresAt,
    };
  }

  /** Confirms the code and completes the join; throws the DomainError that says why not. */
  async confirm(code: string, correlationId: string): Promise<ConfirmedJoin> {
    const owner = await this.ownerOf(code);
    if (!owner) throw notFound('verification_code_invalid', VERIFICATION_CODE_INVALID);
    const { userId, reservationStream } = owner;
    const context: CommandContext = { actor: { type: 'new_user', id: userId }, correlationId };
    let verified;
    try {
      verified = await this.repository.decideAndAppend(
        reservationStream,
        emailReservationDecider,
        { type: 'VerifyEmail', codeHash: this.codes.hash(code), now: this.clock.now().toISOString() },
        context,
      );
    } catch (error) {
      // Expired: release the email now rather than at the recovery job's next pass.
      // The users list no longer shows the person once this answers.
      if (error instanceof DomainError && error.code === 'verification_code_expired') {
        await this.readYourWrites.after(
          await this.registration.expireVerification(reservationStream, userId, { actor: { type: 'system' }, correlationId }),
        );
      }
      // A real code (the read model knows it) whose registration was undone since: it expired.
      if (error instanceof DomainError && error.code === 'verification_code_invalid') {
        throw gone('verification_code_expired', VERIFICATION_CODE_EXPIRED);
      }
      throw error;
    }
    const verification = verified.state.verification!;
    const user = await this.repository.load(userStream(userId), userDecider);
    let joined: { roleId: string; position?: number };
    try {
      joined = await this.joins.appendMembership({
        tenantId: verification.tenantId,
        userId,
        tokenHash: verification.tokenHash,
        email: user.state.email,
        method: 'password',
        context,
      });
    } catch (error) {
      // R22: the link stopped working (or stopped allowing this domain) since the signup.
      if (error instanceof DomainError) {
        await this.readYourWrites.after(
          await this.registration.abandonVerified(reservationStream, userId, 'invite_link_no_longer_valid', context),
        );
      }
      throw error;
    }
    const completed = await this.repository.decideAndAppend(
      reservationStream,
      emailReservationDecider,
      { type: 'CompleteRegistration', userId },
      context,
    );
    const positions = [joined.position, completed.position].filter((p): p is number => p !== undefined);
    await this.readYourWrites.after(positions.length > 0 ? Math.max(...positions) : undefined);
    return { userId, tenantId: verification.tenantId, roleId: joined.roleId };
  }

  /**
   * Sends the mail again when a registration with this email waits for its confirmation; does
   * nothing otherwise. The caller answers the same either way (no enumeration).
   */
  async resend(email: string, correlationId: string): Promise<void> {
    const parsed = parseEmail(email);
    if (!parsed.ok) return;
    const stream = emailReservationStream(parsed.email);
    const { state } = await this.repository.load(stream, emailReservationDecider);
    const userId = state.verification?.userId;
    if (userId === undefined || !isAwaitingVerification(state, this.clock.now().toISOString())) return;
    const resent = await this.repository.decideAndAppend(
      stream,
      emailReservationDecider,
      { type: 'ResendEmailVerification', userId, now: this.clock.now().toISOString() },
      { actor: { type: 'new_user', id: userId }, correlationId },
    );
    if (resent.position !== undefined) this.outbox.wake();
  }

  private async ownerOf(code: string) {
    if (!this.codes.looksLikeCode(code)) return null;
    return this.readModels.verificationCodeOwner(this.codes.hash(code));
  }
}
