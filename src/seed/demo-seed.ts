import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { AccountRegistration } from '../modules/accounts/application/account-registration.service';
import { mspDecider, mspStream } from '../modules/tenancy/domain/msp.decider';
import { tenantDecider } from '../modules/tenancy/domain/tenant.decider';
import { tenantStream } from '../modules/tenancy/domain/tenant.events';
import { CommandContext } from '../shared/application/command-context';
import { EVENT_STORE, EventStore } from '../shared/application/event-store.port';
import { EventSourcedRepository } from '../shared/application/event-sourced-repository';
import { READ_MODELS, ReadModels } from '../shared/application/read-models.port';

export const DEMO_ADMIN_EMAIL = 'admin@demo-msp.example';

/**
 * A newcomer's first run: on an empty store, create a demo MSP, a tenant with a custom role
 * and an MSP admin with a random password, and return the lines to print. Nothing happens
 * when the store holds any event.
 */
export async function seedDemoIfEmpty(app: INestApplication, config: AppConfig): Promise<string[] | null> {
  const store = app.get<EventStore>(EVENT_STORE);
  if ((await store.headPosition()) !== undefined) return null;
  const repository = app.get(EventSourcedRepository);
  const context: CommandContext = { actor: { type: 'system' }, correlationId: `seed-${randomUUID()}` };

  const mspId = randomUUID();
  await repository.decideAndAppend(mspStream(mspId), mspDecider, { type: 'CreateMsp', mspId, name: 'Demo MSP' }, context);
  const tenantId = randomUUID();
  await repository.decideAndAppend(
    tenantStream(tenantId),
    tenantDecider,
    { type: 'CreateTenant', tenantId, mspId, name: 'Acme Corp' },
    context,
  );
  const roleId = randomUUID();
  await repository.decideAndAppend(tenantStream(tenantId), tenantDecider, { type: 'CreateRole', roleId, name: 'Help Desk' }, context);
  // Random every time; meets the password policy (upper, lower, digit, special).
  const password = `Demo-${randomBytes(12).toString('base64url')}-7a`;
  const { position } = await app.get(AccountRegistration).register(
    {
      email: DEMO_ADMIN_EMAIL,
      password,
      firstName: 'Demo',
      lastName: 'Admin',
      msp: { mspId, permissions: ['manage_user_roles', 'manage_own_entity_users', 'manage_tenant_user_roles', 'view_audit_log'] },
    },
    context,
  );
  await app.get<ReadModels>(READ_MODELS).waitForPosition(position!);
  return [
    '',
    'Seeded a demo MSP (the store was empty; set SEED_DEMO=false to skip this):',
    `  MSP "Demo MSP"         ${mspId}`,
    `  tenant "Acme Corp"     ${tenantId} (custom role "Help Desk" ${roleId})`,
    `  MSP admin sign-in:     ${DEMO_ADMIN_EMAIL} / ${password}`,
    `  sign in:   curl -s -X POST ${config.publicBaseUrl}/api/v1/auth/sign-in -H 'content-type: application/json' \\`,
    `               -d '{"email":"${DEMO_ADMIN_EMAIL}","password":"${password}"}'`,
    `  then:      GET ${config.publicBaseUrl}/api/v1/tenants/${tenantId}/invite-link with "Authorization: Bearer <accessToken>"`,
  ];
}
