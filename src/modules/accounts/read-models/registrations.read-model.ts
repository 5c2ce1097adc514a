import { SortKey } from '../../../shared/application/document-store.port';
import { OpenRegistration, ReadModels } from '../../../shared/application/read-models.port';
import { ReadModel } from '../../../shared/application/projection.port';
import {
  EmailReleased,
  EmailReserved,
  EmailVerificationRequested,
  EmailVerified,
  RegistrationCompleted,
} from '../domain/email-reservation.decider';

/**
 * Bookkeeping of the registration process (R18) rather than directory data: most histories
 * leave it empty.
 */
export const REGISTRATIONS_COLLECTION = 'registrations';

/**
 * One account registration (id = userId), from its EmailReserved to its RegistrationCompleted
 * or EmailReleased (R18). Only a way for the recovery job to find candidates: whether one is
 * really still open is decided on the reservation stream.
 */
export type RegistrationDocument = {
  userId: string;
  /** The email reservation stream (named by a hash; the address itself is not here). */
  reservationStream: string;
  purpose: 'invite_link' | 'tenant_member' | 'msp_admin';
  /**
   * `awaiting_verification` while it waits for the person to confirm their email (not an
   * interrupted registration: the recovery job leaves it alone until `verificationExpiresAt`).
   */
  status: 'open' | 'awaiting_verification' | 'completed' | 'undone';
  /** ISO-8601, EmailReserved's metadata.at; EmailVerified's once the email is confirmed. */
  startedAt: string;
  /** ISO-8601, when its email verification code expires (EmailVerificationRequested's expiresAt). */
  verificationExpiresAt?: string;
  /** The service run that opened it (EmailReserved's openedBy), when it recorded itself. */
  openedByInstance?: string;
  openedByRun?: string;
};

/** Oldest first: the ones waiting longest are decided first. */
const REGISTRATIONS_ORDER: readonly SortKey[] = [
  { field: 'startedAt', direction: 'asc' },
  { field: 'userId', direction: 'asc' },
];

function toOpenRegistration(doc: RegistrationDocument): OpenRegistration {
  return {
    userId: doc.userId,
    reservationStream: doc.reservationStream,
    purpose: doc.purpose,
    startedAt: doc.startedAt,
    ...(doc.openedByInstance && doc.openedByRun ? { openedBy: { instanceId: doc.openedByInstance, runId: doc.openedByRun } } : {}),
  };
}

/** Account registrations with their progress, for the recovery job. */
const OVERDUE_ORDER: readonly SortKey[] = [
  { field: 'verificationExpiresAt', direction: 'asc' },
  { field: 'userId', direction: 'asc' },
];

export const registrationsReadModel: ReadModel<
  Pick<ReadModels, 'openRegistrations' | 'openRegistrationsOfInstance' | 'overdueVerifications'>
> = {
  collection: REGISTRATIONS_COLLECTION,
  indexes: [
    { collection: REGISTRATIONS_COLLECTION, fields: ['status', 'startedAt', 'userId'] },
    { collection: REGISTRATIONS_COLLECTION, fields: ['status', 'verificationExpiresAt', 'userId'] },
  ],
  dateFields: ['startedAt', 'verificationExpiresAt'],

  async apply(event, store) {
    switch (event.type) {
      case 'EmailReserved': {
        const data = event.data as EmailReserved['data'];
        // Reservations recorded before purposes existed are not tracked.
        if (!data.purpose) return;
        const doc: RegistrationDocument = {
          userId: data.userId,
          reservationStream: event.streamName,
          purpose: data.purpose.kind,
          status: 'open',
          startedAt: event.metadata.at,
          ...(data.openedBy ? { openedByInstance: data.openedBy.instanceId, openedByRun: data.openedBy.runId } : {}),
        };
        await store.upsertIfNewer(REGISTRATIONS_COLLECTION, data.userId, event.position, doc);
        return;
      }
      case 'RegistrationCompleted': {
        const data = event.data as RegistrationCompleted['data'];
        await store.updateIfNewer(REGISTRATIONS_COLLECTION, data.userId, event.position, { status: 'completed' });
        return;
      }
      case 'EmailReleased': {
        const data = event.data as EmailReleased['data'];
        await store.updateIfNewer(REGISTRATIONS_COLLECTION, data.userId, event.position, { status: 'undone' });
        return;
      }
      case 'EmailVerificationRequested': {
        const data = event.data as EmailVerificationRequested['data'];
        await store.updateIfNewer(REGISTRATIONS_COLLECTION, data.userId, event.position, {
          status: 'awaiting_verification',
          verificationExpiresAt: data.expiresAt,
        });
        return;
      }
      case 'EmailVerified': {
        // Confirmed: the join runs now, and a crash in it is an interruption like any other,
        // recovered once the grace period (counted from the confirmation) is over.
        const data = event.data as EmailVerified['data'];
        await store.updateIfNewer(REGISTRATIONS_COLLECTION, data.userId, event.position, {
          status: 'open',
          startedAt: event.metadata.at,
        });
        return;
      }
    }
  },

  queries: (store) => ({
    async openRegistrations(startedBefore, limit) {
      // Open registrations are few (each lives for a moment unless a crash interrupted it), so
      // the range condition the port cannot express is applied here, on an ordered, bounded page.
      const open = await store.find<RegistrationDocument>(REGISTRATIONS_COLLECTION, {
        where: { status: 'open' },
        orderBy: REGISTRATIONS_ORDER,
        limit,
      });
      return open.filter(({ doc }) => doc.startedAt < startedBefore).map(({ doc }) => toOpenRegistration(doc));
    },

    async openRegistrationsOfInstance(instanceId, limit) {
      const open = await store.find<RegistrationDocument>(REGISTRATIONS_COLLECTION, {
        where: { status: 'open', openedByInstance: instanceId },
        orderBy: REGISTRATIONS_ORDER,
        limit,
      });
      return open.map(({ doc }) => toOpenRegistration(doc));
    },

    async overdueVerifications(now, limit) {
      const waiting = await store.find<RegistrationDocument>(REGISTRATIONS_COLLECTION, {
        where: { status: 'awaiting_verification' },
        orderBy: OVERDUE_ORDER,
        limit,
      });
      return waiting
        .filter(({ doc }) => doc.verificationExpiresAt !== undefined && doc.verificationExpiresAt <= now)
        .map(({ doc }) => toOpenRegistration(doc));
    },
  }),
};
