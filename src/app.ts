import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { Clock } from './shared/application/clock';
import { DomainErrorFilter } from './web/http/domain-error.filter';
import { validationPipe } from './web/http/validation';

/** Builds the whole application; `main.ts` and the end-to-end tests share it. */
export async function createApp(config: AppConfig, options: { clock?: Clock } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ config, clock: options.clock }), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(cookieParser());
  app.useBodyParser('json', { limit: '100kb' });
  app.useGlobalPipes(validationPipe);
  app.useGlobalFilters(new DomainErrorFilter(app.getHttpAdapter()));

  const openApi = new DocumentBuilder()
    .setTitle('Invite links and automatic account creation')
    .setDescription('Event-sourced invite links for multi-tenant MSP platforms (SPEC §5).')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}
