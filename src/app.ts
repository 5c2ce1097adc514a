import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { urlencoded } from 'express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { Clock } from './shared/application/clock';
import { apiNoStore } from './shared/http/api-no-store';
import { deferBodyErrors } from './shared/http/deferred-body-error';
import { DomainErrorFilter } from './shared/http/domain-error.filter';
import { jsonBody, requireJsonBody } from './shared/http/json-body';
import { validationPipe } from './shared/http/validation';
import { securityHeaders } from './shared/http/security/security-headers';

/** The pages that accept HTML form posts (src/web/pages). */
const FORM_POST_PATHS = ['/join', '/verify-email', '/sign-in', '/sign-out'];

/** Builds the whole application; `main.ts` and the end-to-end tests share it. */
export async function createApp(config: AppConfig, options: { clock?: Clock } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ config, clock: options.clock }), {
    // Quiet until pino is attached below; errors while wiring (such as a bad setting read by a
    // module) reach the caller instead of ending the process inside Nest, so that main.ts can
    // report them in one line.
    logger: false,
    abortOnError: false,
    // The body parsers are registered below, the JSON one with its depth check; Nest must not
    // add its default ones (JSON without the check, urlencoded on every route).
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy === false ? false : [...config.trustProxy]);
  app.disable('x-powered-by');
  // Helmet first, so that every answer (pages, API, docs, errors) carries the security headers.
  app.use(securityHeaders(config));
  // Right after, so that every API answer, errors of the parsers below included, carries it.
  app.use(apiNoStore());
  app.use(cookieParser());
  app.use('/api', deferBodyErrors(requireJsonBody()));
  // Size and depth are refused here (400 with the reason), before any pipe walks the body; the
  // refusal itself is raised after the request logger (AppModule), so it is logged like any other.
  app.use(deferBodyErrors(jsonBody()));
  // HTML forms post urlencoded bodies to the pages only; the API stays JSON-only.
  app.use(FORM_POST_PATHS, deferBodyErrors(urlencoded({ extended: false, limit: '32kb', parameterLimit: 32 })));
  app.useGlobalPipes(validationPipe);
  app.useGlobalFilters(new DomainErrorFilter(app.getHttpAdapter()));

  const openApi = new DocumentBuilder()
    .setTitle('Invite links and automatic account creation')
    .setDescription('Event-sourced invite links for multi-tenant MSP platforms. The full contract, pages included, is docs/http-api.md in the repository.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}
