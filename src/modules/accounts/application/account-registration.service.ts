import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CommandContext } from '../../../shared/application/command-context';
import { EVENT_STORE, EventStore, RecordedEvent } from '../../../shared/application/event-store.port';
import { EventSourcedRepository } from '../../../shared/application/event-sourced-repository';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { CLOCK, Clock, systemClock } from '../../../shared/application/clock';
import { DomainError, validationError } from '../../../shared/domain/domain-error';
import { ServiceRun } from '../../../shared/domain/service-run';
import { tenantStream } from '../../tenancy/domain/tenant.events';
import { emailReservationStream, parseEmail } from '../../../shared/domain/email';
import { emailRefusal, passwordRefusal } from '../domain/account-details.rules';
import {
  emailReservationDecider,
  isAwaitingVerification,
  isOpenRegistration,
  isVerificationOverdue,
  RegistrationPurpose,
} from '../domain/email-reservation.decider';
import { microsoftIdentityDecider } from '../domain/microsoft-identity.decider';
import { MspPermission } from '../../../shared/domain/msp-permissions';
import { openedByEndedRun } from '../domain/registration-recovery.policy';
import { userDecider, userStream } from '../domain/user.decider';
import { PasswordHasher } from './password-hasher';

export interface NewAccount {
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  /** Absent for an account that signs in with Microsoft (`RegistrationOptions.identityReservation`). */
  readonly password?: string;
  readonly msp?: { mspId: string; permissions: MspPermission[] };
}

/** A password account as an admin types it ("Add Users", MSP admins). */
export interface AccountDetails {
  readonly email: string;
  readonly password: string;
  readonly firstName: string;
  readonly lastName: string;
}

/** The durable steps of a registration, in order (see `RegistrationOptions.onProgress`). */
export type RegistrationStep = 'reserved' | 'registered' | 'membership';

export interface RegistrationOptions {
  /** The new account's id, when the caller needs it before the first append (e.g. as the actor). */
  readonly userId?: string;
  /** What finishes this registration (R18). Default: `msp_admin` for admin accounts, else `tenant_member`. */
  readonly purpose?: RegistrationPurpose;
  /** Called after each durable step; the crash tests use it to stop the process there. */
  readonly onProgress?: (step: RegistrationStep) => void;
  /**
   * A Microsoft identity reservation stream (microsoftIdentityStream) to append to once the email
   * is reserved; recorded in the purpose so that an undo, or the recovery job, releases it too.
   */
  readonly identityReservation?: string;
  /**
   * Email ownership verification: instead of running `complete`, the registration records this
   * verification request on the reservation stream and stays open, holding the email, until the
   * person confirms (EmailVerification) or the code expires (recover).
   */
  readonly awaitVerification?: VerificationRequest;
}

/** What a registration that waits for its email to be confirmed records (EmailVerificationRequested). */
export interface VerificationRequest {
  readonly tenantId: string;
  /** Keyed hash of the invite token the person signed up with (the join is decided against it). */
  readonly tokenHash: string;
  readonly codeHash: string;
  readonly codeSeed: string;
  /** ISO-8601 */
  readonly expiresAt: string;
}

/**
 * What the recovery job did with one open registration: finished it, undid it, found it closed
 * already, found it waiting for its email to be confirmed (left alone), or undid it because that
 * confirmation did not come in time.
 */
export type RecoveryOutcome = 'completed' | 'undone' | 'not_open' | 'awaiting_verification' | 'expired';

/** Membership events of the tenant stream; both carry `userId`. */
const MEMBERSHIP_EVENT_TYPES = new Set(['TenantMemberAdded', 'MemberJoinedViaInviteLink']);
const SCAN_PAGE = 500;

/**
 * Creates an account as a small process: reserve the email (decided in the event store, R11,
 * and recording the registration's purpose), register the user, run `complete` (for example the
 * tenant membership), then mark the registration completed on the reservation stream. If a
 * later step fails, the earlier ones are undone: the account is closed and the email released
 * (R18). If the process dies mid-way, the reservation stays open and `recover` (run by the
 * registration recovery job) finishes or undoes it from what the event store holds.
 */
@Injectable()
export class AccountRegistration {
  private readonly logger = new Logger(AccountRegistration.name);
  /** This process's run, when it holds its instance identity exclusively (see AppConfig.serviceRun). */
  private readonly run: ServiceRun | undefined;

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly passwords: PasswordHasher,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(APP_CONFIG) config?: Pick<AppConfig, 'serviceRun'>,
    @Optional() @Inject(CLOCK) private readonly clock: Clock = systemClock,
  ) {
    this.run = config?.serviceRun;
  }

  async register(
    account: NewAccount,
    context: CommandContext,
    complete?: (userId: string) => Promise<number | undefined>,
    options: RegistrationOptions = {},
  ): Promise<{ userId: string; position?: number }> {
    const parsed = parseEmail(account.email);
    if (!parsed.ok) throw emailRefusal(parsed);
    const email = parsed.email;
    if (account.password === undefined && options.identityReservation === undefined) {
      throw validationError('weak_password', 'password: required', { field: 'password', problems: [] });
    }
    const weak = account.password === undefined ? null : passwordRefusal(account.password);
    if (weak) throw weak;
    const userId = options.userId ?? randomUUID();
    let purpose: RegistrationPurpose =
      options.purpose ?? (account.msp ? { kind: 'msp_admin', mspId: account.msp.mspId } : { kind: 'tenant_member' });
    const identity = options.identityReservation;
    if (identity !== undefined) {
      if (purpose.kind !== 'invite_link') throw new TypeError('A Microsoft identity is only reserved by invite-link signups');
      purpose = { ...purpose, identityReservation: identity };
    }
    const progress = options.onProgress ?? (() => undefined);
    // Hash first: the slow step must not hold the reservation open longer than needed.
    const passwordHash = account.password === undefined ? undefined : await this.passwords.hash(account.password);
    const reservation = emailReservationStream(email);
    const reserve = () =>
      this.repository.decideAndAppend(reservation, emailReservationDecider, { type: 'ReserveEmail', userId, purpose, openedBy: this.run }, context);
    try {
      await reserve();
    } catch (error) {
      // The person retrying right after a crash: an earlier run of this instance left the email
      // held by a registration that can no longer finish. Decide it now, then try once more
      // (a concurrent signup may still win, and then this one is refused as usual).
      if (!isAlreadyRegistered(error) || !(await this.releaseIfStale(reservation, context.correlationId))) throw error;
      await reserve();
    }
    progress('reserved');
    let position: number | undefined;
    try {
      // After the email: a crash in between leaves an open registration whose undo releases both.
      if (identity !== undefined) {
        await this.repository.decideAndAppend(identity, microsoftIdentityDecider, { type: 'ReserveIdentity', userId }, context);
      }
      const registered = await this.repository.decideAndAppend(
        userStream(userId),
        userDecider,
        {
          type: 'RegisterUser',
          userId,
          email,
          firstName: account.firstName.trim(),
          lastName: account.lastName.trim(),
          passwordHash,
          msp: account.msp,
        },
        context,
      );
      progress('registered');
      if (options.awaitVerification) {
        const requested = await this.repository.decideAndAppend(
          reservation,
          emailReservationDecider,
          { type: 'RequestEmailVerification', userId, ...options.awaitVerification },
          context,
        );
        // Open on purpose: the email stays held until the person confirms or the code expires.
        return { userId, position: requested.position };
      }
      position = complete ? await complete(userId) : registered.position;
      if (complete) progress('membership');
    } catch (error) {
      await this.undo(userId, reservation, 'registration_failed', context, identity);
      throw error;
    }
    // The account is whole; recording it only closes the registration. Should this append fail
    // (or the process die before it), the recovery job sees the membership and completes it.
    const completed = await this.repository.decideAndAppend(
      reservation,
      emailReservationDecider,
      { type: 'CompleteRegistration', userId },
      context,
    );
    // The command's last event: read-your-writes then waits until every event it appended, the
    // account, the membership and the completion, is in the read models.
    const positions = [position, completed.position].filter((appended): appended is number => appended !== undefined);
    return { userId, position: positions.length > 0 ? Math.max(...positions) : undefined };
  }

  /**
   * Finishes or undoes one registration that a crash may have interrupted (R18). Decided on the
   * write side only: the reservation stream says whether it is still open and why it was made,
   * the tenant (or user) stream says whether its last step happened.
   */
  async recover(reservation: string, userId: string, context: CommandContext): Promise<RecoveryOutcome> {
    const { state } = await this.repository.load(reservation, emailReservationDecider);
    if (!isOpenRegistration(state, userId)) return 'not_open';
    const now = this.clock.now().toISOString();
    // Waiting for the person, not interrupted: left alone until the code expires.
    if (isAwaitingVerification(state, now)) return 'awaiting_verification';
    // Overdue, or expired already by a run that died before the undo finished: same reason.
    if (isVerificationOverdue(state, now) || state.verification?.expired) {
      await this.expireVerification(reservation, userId, context);
      return 'expired';
    }
    if (await this.isFinished(reservation, userId, state.purpose)) {
      await this.repository.decideAndAppend(reservation, emailReservationDecider, { type: 'CompleteRegistration', userId }, context);
      this.logger.log(`Registration recovery: completed the registration of user ${userId}`);
      return 'completed';
    }
    const identity = state.purpose?.kind === 'invite_link' ? state.purpose.identityReservation : undefined;
    await this.undo(userId, reservation, 'registration_interrupted', context, identity);
    this.logger.log(`Registration recovery: undid the interrupted registration of user ${userId}`);
    return 'undone';
  }

  /**
   * When the email is held by an open registration that an earlier run of this instance opened
   * (so it cannot still be in progress, see registration-recovery.policy.ts), decides it now,
   * without waiting for the grace period: completes it if its last step happened (the email
   * stays taken, by a whole account), undoes it otherwise. True when the email is free afterwards.
   */
  async releaseIfOpenedByEndedRun(reservation: string, correlationId = `registration-recovery-${randomUUID()}`): Promise<boolean> {
    const { state } = await this.repository.load(reservation, emailReservationDecider);
    if (state.reservedBy === null) return true;
    if (state.completed || !openedByEndedRun(state.openedBy, this.run)) return false;
    await this.recover(reservation, state.reservedBy, { actor: { type: 'system' }, correlationId });
    return (await this.repository.load(reservation, emailReservationDecider)).state.reservedBy === null;
  }

  /**
   * Records that the email was not confirmed in time and undoes the registration, which
   * releases the email (a no-op when it is not overdue at this instant). Resolves with the
   * position of its last append, or undefined when there was nothing to do.
   */
  async expireVerification(reservation: string, userId: string, context: CommandContext): Promise<number | undefined> {
    const expired = await this.repository.decideAndAppend(
      reservation,
      emailReservationDecider,
      { type: 'ExpireEmailVerification', userId, now: this.clock.now().toISOString() },
      context,
    );
    if (expired.events.length === 0 && !expired.state.verification?.expired) return undefined;
    const position = (await this.undo(userId, reservation, 'verification_expired', context)) ?? expired.position;
    this.logger.log(`Email verification expired: undid the registration of user ${userId}`);
    return position;
  }

  /**
   * Undoes a registration whose email was verified but whose join was refused (the link stopped
   * working meanwhile, R22): closes the account and releases the email.
   */
  async abandonVerified(reservation: string, userId: string, reason: string, context: CommandContext): Promise<number | undefined> {
    return this.undo(userId, reservation, reason, context);
  }

  /**
   * When the email is held by a registration that can no longer finish by itself, decides it now
   * and answers whether the email is free afterwards: one an earlier run of this instance opened
   * (releaseIfOpenedByEndedRun), or one whose verification code expired without a confirmation.
   */
  async releaseIfStale(reservation: string, correlationId = `registration-recovery-${randomUUID()}`): Promise<boolean> {
    const { state } = await this.repository.load(reservation, emailReservationDecider);
    if (state.reservedBy === null) return true;
    if (isVerificationOverdue(state, this.clock.now().toISOString())) {
      await this.expireVerification(reservation, state.reservedBy, { actor: { type: 'system' }, correlationId });
      return (await this.repository.load(reservation, emailReservationDecider)).state.reservedBy === null;
    }
    return this.releaseIfOpenedByEndedRun(reservation, correlationId);
  }

  private async isFinished(reservation: string, userId: string, purpose: RegistrationPurpose | null): Promise<boolean> {
    const user = await this.repository.load(userStream(userId), userDecider);
    if (!user.state.exists || user.state.closed) return false;
    if (purpose === null || purpose.kind === 'msp_admin') return true;
    const isMembership = (event: RecordedEvent) =>
      MEMBERSHIP_EVENT_TYPES.has(event.type) && event.data.userId === userId;
    if (purpose.tenantId !== undefined) {
      return (await this.store.readStream(tenantStream(purpose.tenantId))).some(isMembership);
    }
    // "Add Users" does not tell which tenant: search the log written since the reservation.
    const reserved = (await this.store.readStream(reservation)).findLast(
      (event) => event.type === 'EmailReserved' && event.data.userId === userId,
    );
    let after = reserved?.position;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: SCAN_PAGE });
      if (page.some(isMembership)) return true;
      if (page.length < SCAN_PAGE) return false;
      after = page[page.length - 1].position;
    }
  }

  private async undo(
    userId: string,
    reservation: string,
    reason: string,
    context: CommandContext,
    identity?: string,
  ): Promise<number | undefined> {
    // Close first, release the email last: a crash in between leaves the registration open, and
    // recovery repeats every step (each one is a no-op once done).
    const closed = await this.repository.decideAndAppend(userStream(userId), userDecider, { type: 'CloseAccount', reason }, context);
    if (identity !== undefined) {
      await this.repository.decideAndAppend(identity, microsoftIdentityDecider, { type: 'ReleaseIdentity', userId, reason }, context);
    }
    const released = await this.repository.decideAndAppend(reservation, emailReservationDecider, { type: 'ReleaseEmail', userId, reason }, context);
    return released.position ?? closed.position;
  }
}

const isAlreadyRegistered = (error: unknown): boolean =>
  error instanceof DomainError && error.code === 'user_already_registered';
