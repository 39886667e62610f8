import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AuditLogModule } from './audit-log/audit-log.module.js';
import { AuditsModule } from './audits/audits.module.js';
import { AuthModule } from './auth/auth.module.js';
import { Clock } from './common/clock.js';
import { JsonLogger } from './common/json-logger.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthController } from './health/health.controller.js';
import { DisposalsModule } from './disposals/disposals.module.js';
import { DonationsModule } from './donations/donations.module.js';
import { EvidenceModule } from './evidence/evidence.module.js';
import { IncidentsModule } from './incidents/incidents.module.js';
import { ItemsModule } from './items/items.module.js';
import { LoansModule } from './loans/loans.module.js';
import { LocationsModule } from './locations/locations.module.js';
import { PublicationModule } from './publication/publication.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { ShiftsModule } from './shifts/shifts.module.js';
import { StationsModule } from './stations/stations.module.js';
import { SetupModule } from './setup/setup.module.js';
import { UsersModule } from './users/users.module.js';
import { WebModule } from './web/web.module.js';

@Global()
@Module({})
class CoreModule {
  static with(config: AppConfig, logger: JsonLogger, clock: Clock): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: JsonLogger, useValue: logger },
        { provide: Clock, useValue: clock },
      ],
      exports: [APP_CONFIG, JsonLogger, Clock],
    };
  }
}

/** The application: its configuration and database are made by the bootstrap, then handed in. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, dataSource: DataSource, logger: JsonLogger, clock = new Clock()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.with(config, logger, clock),
        DatabaseModule.forDataSource(dataSource),
        AuditLogModule,
        StationsModule,
        UsersModule,
        AuthModule,
        LocationsModule,
        ItemsModule,
        LoansModule,
        ShiftsModule,
        AuditsModule,
        IncidentsModule,
        DisposalsModule,
        DonationsModule,
        EvidenceModule,
        ReportsModule,
        PublicationModule,
        SetupModule,
        WebModule,
      ],
      controllers: [HealthController],
    };
  }
}
