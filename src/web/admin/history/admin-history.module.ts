import { Module } from '@nestjs/common';
import { CsrfService } from '../../security/csrf';
import { AdminHistoryPagesController } from './admin-history.controller';

/** The invite-link history page of the admin dashboard; its data comes from the HTTP API. */
@Module({
  controllers: [AdminHistoryPagesController],
  providers: [CsrfService],
})
export class AdminHistoryPagesModule {}
