import { Projection, projectionOf, ReadModel } from '../shared/application/projection.port';
import { ReadModels, ReadModelSource } from '../shared/application/read-models.port';
import { mspAdminsReadModel } from './accounts/read-models/msp-admins.read-model';
import { registrationsReadModel } from './accounts/read-models/registrations.read-model';
import { usersReadModel } from './accounts/read-models/users.read-model';
import { dailySignupsReadModel } from './invite-links/read-models/daily-signups.read-model';
import { inviteLinksReadModel } from './invite-links/read-models/invite-links.read-model';
import { inviteTokensReadModel } from './invite-links/read-models/invite-tokens.read-model';
import { mailOutboxReadModel } from './mail/read-models/mail-outbox.read-model';
import { pendingSignupsReadModel } from './signup/read-models/pending-signups.read-model';
import { verificationCodesReadModel } from './signup/read-models/verification-codes.read-model';
import { mspsReadModel } from './tenancy/read-models/msps.read-model';
import { membershipsReadModel } from './tenancy/read-models/memberships.read-model';
import { tenantRolesReadModel } from './tenancy/read-models/tenant-roles.read-model';
import { tenantsReadModel } from './tenancy/read-models/tenants.read-model';

/**
 * Every read model of every module, in the order each event reaches them. Each lives in the
 * module that owns its concept (<module>/read-models/<name>.read-model.ts); this file only puts
 * them together for the composition root and the rebuild command.
 */
export const READ_MODELS_IN_ORDER: readonly ReadModel[] = [
  mspsReadModel,
  tenantsReadModel,
  inviteTokensReadModel,
  inviteLinksReadModel,
  tenantRolesReadModel,
  usersReadModel,
  mspAdminsReadModel,
  membershipsReadModel,
  registrationsReadModel,
  dailySignupsReadModel,
  pendingSignupsReadModel,
  verificationCodesReadModel,
  mailOutboxReadModel,
];

/**
 * All read models run as ONE projection named "directory": one checkpoint, and each batch of
 * events with that checkpoint in one transaction. Stores built before the read models were
 * split keep working as they are (same checkpoint name, collections, ids and index names), and a
 * read-your-writes wait is for one position in one runner. Writes stay idempotent per document.
 */
export const directoryProjection: Projection = projectionOf('directory', READ_MODELS_IN_ORDER);

/**
 * The ReadModels port: each query answered by the read model it belongs to, all reading through
 * the same source. The return type makes the compiler check that every query of the port has
 * an answer.
 */
export function directoryReadModels(source: ReadModelSource): ReadModels {
  const { store } = source;
  return {
    ...tenantsReadModel.queries(store),
    ...tenantRolesReadModel.queries(store),
    ...membershipsReadModel.queries(store),
    ...inviteLinksReadModel.queries(store),
    ...inviteTokensReadModel.queries(store),
    ...registrationsReadModel.queries(store),
    ...usersReadModel.queries(store),
    ...dailySignupsReadModel.queries(store),
    ...pendingSignupsReadModel.queries(store),
    ...verificationCodesReadModel.queries(store),
    ...mailOutboxReadModel.queries(store),
    waitForPosition: (position, timeoutMs) => source.runner.waitForPosition(position, timeoutMs),
  };
}
