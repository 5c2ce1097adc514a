import { SqliteDocumentStore } from '../../../infrastructure/read-models/sqlite/sqlite-document-store';
import { on, readModelSpec } from '../../../shared/application/testing/read-model-spec';
import { EmailVerificationRequested } from '../../accounts/domain/email-reservation.decider';
import { MailDiscarded, MailSent, mailStream } from '../domain/mail.events';
import { mailOutboxReadModel } from './mail-outbox.read-model';

const spec = readModelSpec(mailOutboxReadModel, () => new SqliteDocumentStore(':memory:'));

const reservation = (name: string) => `emailReservation-hash-of-${name}`;
const requested = (userId: string): EmailVerificationRequested => ({
  type: 'EmailVerificationRequested',
  data: {
    userId,
    tenantId: 't-1',
    tokenHash: `token-hash-${userId}`,
    codeHash: `code-hash-${userId}`,
    codeSeed: `seed-${userId}`,
    expiresAt: '2026-03-01T10:00:00.000Z',
  },
});
// The spec gives event ids `event-<n>` in the order given: the message id of the n-th event.
const sent = (messageId: string, attempts = 1): MailSent => ({ type: 'MailSent', data: { messageId, kind: 'email_verification', attempts } });
const discarded = (messageId: string): MailDiscarded => ({
  type: 'MailDiscarded',
  data: { messageId, kind: 'email_verification', reason: 'verification_no_longer_pending' },
});

const queued = (messageId: string, streamName: string, queuedAt: string) => ({
  messageId,
  kind: 'email_verification',
  streamName,
  queuedAt,
  status: 'queued',
});

describe('mail outbox read model', () => {
  it('given EmailVerificationRequested and EmailVerificationResent, then each queues one mail, by the asking event, holding no address or secret', () =>
    spec
      .given(
        on(reservation('ann'), requested('u-1'), '2026-03-01T09:00:00.000Z'),
        on(reservation('ann'), { type: 'EmailVerificationResent', data: { userId: 'u-1' } }, '2026-03-01T09:05:00.000Z'),
      )
      .then({
        'event-1': queued('event-1', reservation('ann'), '2026-03-01T09:00:00.000Z'),
        'event-2': queued('event-2', reservation('ann'), '2026-03-01T09:05:00.000Z'),
      }));

  it('given MailSent or MailDiscarded on the mail stream, then the mail is done, with when', () =>
    spec
      .given(
        on(reservation('ann'), requested('u-1'), '2026-03-01T09:00:00.000Z'),
        on(reservation('bob'), requested('u-2'), '2026-03-01T09:01:00.000Z'),
        on(mailStream('event-1'), sent('event-1', 3), '2026-03-01T09:02:00.000Z'),
        on(mailStream('event-2'), discarded('event-2'), '2026-03-01T09:03:00.000Z'),
      )
      .then({
        'event-1': { ...queued('event-1', reservation('ann'), '2026-03-01T09:00:00.000Z'), status: 'sent', doneAt: '2026-03-01T09:02:00.000Z' },
        'event-2': { ...queued('event-2', reservation('bob'), '2026-03-01T09:01:00.000Z'), status: 'discarded', doneAt: '2026-03-01T09:03:00.000Z' },
      }));

  it('given other registration events, and a record for a mail it never queued, then it writes nothing', () =>
    spec
      .given(
        on(reservation('ann'), { type: 'EmailVerified', data: { userId: 'u-1' } }),
        on(reservation('ann'), { type: 'EmailReleased', data: { userId: 'u-1', reason: 'verification_expired' } }),
        on(mailStream('unknown'), sent('unknown')),
      )
      .then({}));

  it('lists the mails still queued, oldest first (ties by message id), at most `limit`', () =>
    spec
      .given(
        on(reservation('ann'), requested('u-1'), '2026-03-01T09:02:00.000Z'),
        on(reservation('bob'), requested('u-2'), '2026-03-01T09:00:00.000Z'),
        on(reservation('cat'), requested('u-3'), '2026-03-01T09:00:00.000Z'),
        on(reservation('dan'), requested('u-4'), '2026-03-01T08:00:00.000Z'),
        on(reservation('eve'), requested('u-5'), '2026-03-01T07:00:00.000Z'),
        on(mailStream('event-4'), sent('event-4')),
        on(mailStream('event-5'), discarded('event-5')),
      )
      .thenQuery(async (store) => {
        const queries = mailOutboxReadModel.queries(store);
        expect(await queries.queuedMails(10)).toEqual([
          { messageId: 'event-2', kind: 'email_verification', streamName: reservation('bob'), queuedAt: '2026-03-01T09:00:00.000Z' },
          { messageId: 'event-3', kind: 'email_verification', streamName: reservation('cat'), queuedAt: '2026-03-01T09:00:00.000Z' },
          { messageId: 'event-1', kind: 'email_verification', streamName: reservation('ann'), queuedAt: '2026-03-01T09:02:00.000Z' },
        ]);
        expect((await queries.queuedMails(1)).map((mail) => mail.messageId)).toEqual(['event-2']);
      }));
});
