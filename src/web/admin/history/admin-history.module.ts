import { Module } from '@nestjs/common';
import { AdminHistoryPagesController } from './admin-history.controller';

/** The invite-link history page of the admin dashboard; its data comes from the HTTP API. */
@Module({
  controllers: [AdminHistoryPagesController],
})
export class AdminHistoryPagesModule {}
