import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config/app-config';
import { HealthModule } from './infrastructure/health/health.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { loggingParams } from './infrastructure/logging/logging';
import { MetricsModule } from './infrastructure/metrics/metrics.module';
import { AccountsModule } from './modules/accounts/accounts.module';
import { AuditModule } from './modules/audit/audit.module';
import { InviteLinksModule } from './modules/invite-links/invite-links.module';
import { MicrosoftSignInModule } from './modules/microsoft-sign-in/microsoft-sign-in.module';
import { SignupModule } from './modules/signup/signup.module';
import { TenancyModule } from './modules/tenancy/tenancy.module';
import { directoryProjection, directoryReadModels } from './modules/read-models';
import { Clock } from './shared/application/clock';
import { raiseDeferredBodyError } from './shared/http/deferred-body-error';
import { PagesModule } from './web/pages/pages.module';
import { AdminPagesModule } from './web/admin/admin-pages.module';

@Module({})
export class AppModule implements NestModule {
  static register(options: { config: AppConfig; clock?: Clock }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggingParams(options.config)),
        CqrsModule.forRoot(),
        InfrastructureModule.register({
          ...options,
          readModels: { projection: directoryProjection, queries: directoryReadModels },
        }),
        AccountsModule,
        TenancyModule,
        InviteLinksModule,
        SignupModule,
        MicrosoftSignInModule,
        AuditModule,
        HealthModule,
        MetricsModule,
        PagesModule,
        AdminPagesModule,
      ],
    };
  }

  /**
   * The logger's middleware (a global module) is mounted before this one, so a body that the
   * parsers refused is raised here only once the request has its id and its log line.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(raiseDeferredBodyError).forRoutes('*');
  }
}
