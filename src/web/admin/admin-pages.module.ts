import { Module } from '@nestjs/common';
import { AccountsModule } from '../../modules/accounts/accounts.module';
import { CsrfService } from '../../shared/http/security/csrf';
import { AdminPagesController } from './admin-pages.controller';

/** The MSP admin dashboard (issue 6): /admin, a tenant's users, the Invite Link and Add Users dialogs, the invite-link history. */
@Module({
  imports: [AccountsModule],
  controllers: [AdminPagesController],
  providers: [CsrfService],
})
export class AdminPagesModule {}
