import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AuditLogModule } from './audit-log/audit-log.module.js';
import { AuthModule } from './auth/auth.module.js';
import { JsonLogger } from './common/json-logger.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthController } from './health/health.controller.js';
import { ItemsModule } from './items/items.module.js';
import { LocationsModule } from './locations/locations.module.js';
import { StationsModule } from './stations/stations.module.js';
import { SetupModule } from './setup/setup.module.js';
import { UsersModule } from './users/users.module.js';

@Global()
@Module({})
class CoreModule {
  static with(config: AppConfig, logger: JsonLogger): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: JsonLogger, useValue: logger },
      ],
      exports: [APP_CONFIG, JsonLogger],
    };
  }
}

/** The application: its configuration and database are made by the bootstrap, then handed in. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, dataSource: DataSource, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.with(config, logger),
        DatabaseModule.forDataSource(dataSource),
        AuditLogModule,
        StationsModule,
        UsersModule,
        AuthModule,
        LocationsModule,
        ItemsModule,
        SetupModule,
      ],
      controllers: [HealthController],
    };
  }
}
