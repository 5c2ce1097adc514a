import { SortKey } from '../../../shared/application/document-store.port';
import { ReadModel } from '../../../shared/application/projection.port';
import { QueuedMail, ReadModels } from '../../../shared/application/read-models.port';
import { MAIL_REQUEST_EVENTS, MailDiscarded, MailSent } from '../domain/mail.events';

export const MAIL_OUTBOX_COLLECTION = 'mail_outbox';

/**
 * One mail asked for (id = the asking event's id = the message id): `queued` until the mail
 * stream records it `sent` or `discarded`. Holds no address and no content: the outbox writes the
 * mail from the asking event when it sends it.
 */
export type MailOutboxDocument = {
  messageId: string;
  kind: string;
  streamName: string;
  /** ISO-8601, the asking event's metadata.at. */
  queuedAt: string;
  status: 'queued' | 'sent' | 'discarded';
  /** ISO-8601, when it was sent or discarded. */
  doneAt?: string;
};

const OLDEST_FIRST: readonly SortKey[] = [
  { field: 'queuedAt', direction: 'asc' },
  { field: 'messageId', direction: 'asc' },
];

/** What the mail outbox still has to send. Rebuilt from events like every read model. */
export const mailOutboxReadModel: ReadModel<Pick<ReadModels, 'queuedMails'>> = {
  collection: MAIL_OUTBOX_COLLECTION,
  indexes: [{ collection: MAIL_OUTBOX_COLLECTION, fields: ['status', 'queuedAt', 'messageId'] }],
  dateFields: ['queuedAt', 'doneAt'],

  async apply(event, store) {
    const kind = MAIL_REQUEST_EVENTS[event.type];
    if (kind !== undefined) {
      const doc: MailOutboxDocument = {
        messageId: event.id,
        kind,
        streamName: event.streamName,
        queuedAt: event.metadata.at,
        status: 'queued',
      };
      await store.upsertIfNewer(MAIL_OUTBOX_COLLECTION, event.id, event.position, doc);
      return;
    }
    if (event.type === 'MailSent' || event.type === 'MailDiscarded') {
      const data = event.data as (MailSent | MailDiscarded)['data'];
      await store.updateIfNewer(MAIL_OUTBOX_COLLECTION, data.messageId, event.position, {
        status: event.type === 'MailSent' ? 'sent' : 'discarded',
        doneAt: event.metadata.at,
      });
    }
  },

  queries: (store) => ({
    async queuedMails(limit) {
      const found = await store.find<MailOutboxDocument>(MAIL_OUTBOX_COLLECTION, {
        where: { status: 'queued' },
        orderBy: OLDEST_FIRST,
        limit,
      });
      return found.map(({ doc }): QueuedMail => ({ messageId: doc.messageId, kind: doc.kind, streamName: doc.streamName, queuedAt: doc.queuedAt }));
    },
  }),
};
