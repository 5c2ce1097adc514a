import { Command } from '@nestjs/cqrs';
import { Caller } from '../../../../shared/application/request-context';
import { SsoConfiguration } from '../../domain/tenant.state';

export class ConfigureSsoCommand extends Command<{ tenantId: string; sso: SsoConfiguration }> {
  constructor(readonly caller: Caller, readonly tenantId: string, readonly sso: SsoConfiguration) {
    super();
  }
}
