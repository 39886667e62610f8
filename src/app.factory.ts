import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { Clock } from './common/clock.js';
import { AllExceptionsFilter } from './common/exception.filter.js';
import { jsonBody, requestId } from './common/http-pipeline.js';
import { JsonLogger } from './common/json-logger.js';
import { answerBodyError, webAssets, webPipeline } from './web/web-pipeline.js';
import type { AppConfig } from './config/config.js';

/** Builds the HTTP application on an initialised DataSource (used by main.ts and the e2e tests). */
export async function createApp(config: AppConfig, dataSource: DataSource, logger = new JsonLogger(config.logLevel), clock = new Clock()): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, dataSource, logger, clock), {
    logger,
    bodyParser: false,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestId(logger));
  app.use(webAssets());
  app.use(webPipeline({ secret: config.jwtSecret, secureCookies: config.secureCookies }));
  app.use(jsonBody(answerBodyError(config.secureCookies)));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      validationError: { target: false, value: false },
    }),
  );
  app.useGlobalFilters(new AllExceptionsFilter(logger, config));
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Khlang (คลัง) API')
      .setDescription('Custody of evidence, government property, weapons and donations for Thai police stations')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);
  return app;
}
