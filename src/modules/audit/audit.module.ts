import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditCheckpointer } from './application/checkpoints/audit-checkpointer';
import { ListMspAuditEventsHandler } from './use-cases/list-msp-audit-events/list-msp-audit-events.handler';
import { ListMspAuditEventsController } from './use-cases/list-msp-audit-events/list-msp-audit-events.route';

/** What auditors read: the MSP audit feed (the export and the verifier are command-line tools in src/cli). */
@Module({
  imports: [AccountsModule],
  controllers: [ListMspAuditEventsController],
  // AuditCheckpointer: appends checkpoints of the audit chain's head while the service runs.
  providers: [ListMspAuditEventsHandler, AuditCheckpointer],
})
export class AuditModule {}
