import { ReadModel } from '../../../shared/application/projection.port';
import { ReadModels } from '../../../shared/application/read-models.port';
import { EmailVerificationRequested } from '../../accounts/domain/email-reservation.decider';

/**
 * Token material (a keyed hash of each email verification code): for the service's look-ups
 * only, never for dashboards, like `invite_tokens`.
 */
export const VERIFICATION_CODES_COLLECTION = 'email_verification_codes';

/** id = the code's keyed hash. Whether the code still works is decided on the reservation stream. */
export type VerificationCodeDocument = {
  userId: string;
  tenantId: string;
  reservationStream: string;
};

/** Finds the registration a verification link belongs to. */
export const verificationCodesReadModel: ReadModel<Pick<ReadModels, 'verificationCodeOwner'>> = {
  collection: VERIFICATION_CODES_COLLECTION,
  indexes: [],

  async apply(event, store) {
    if (event.type !== 'EmailVerificationRequested') return;
    const data = event.data as EmailVerificationRequested['data'];
    const doc: VerificationCodeDocument = { userId: data.userId, tenantId: data.tenantId, reservationStream: event.streamName };
    await store.upsertIfNewer(VERIFICATION_CODES_COLLECTION, data.codeHash, event.position, doc);
  },

  queries: (store) => ({
    async verificationCodeOwner(codeHash) {
      const found = await store.get<VerificationCodeDocument>(VERIFICATION_CODES_COLLECTION, codeHash);
      return found ? { ...found.doc } : null;
    },
  }),
};
