import { Module } from '@nestjs/common';
import { AuditLogModule } from '../../audit-log/audit-log.module.js';
import { ItemsModule } from '../../items/items.module.js';
import { PublicationModule } from '../../publication/publication.module.js';
import { ReportsModule } from '../../reports/reports.module.js';
import { StationsModule } from '../../stations/stations.module.js';
import { UsersModule } from '../../users/users.module.js';
import { ChainEntryLookup } from './chain-entry.lookup.js';
import { IssuedPagesController } from './issued-pages.controller.js';
import { O23PageRenderer } from './o23-page.renderer.js';
import { O23PagesController } from './o23-pages.controller.js';
import { PublicationPageController } from './publication-page.controller.js';
import { RegistersPagesController } from './registers-pages.controller.js';
import { VerifyPageController } from './verify-page.controller.js';

/**
 * Reports: the O23 preview, section 8, downloads and issuing; the registers and the custody sheet;
 * what the station publishes for O23; audit-log verification. Items for the custody sheet by code, users for the name under section 8.
 */
@Module({
  imports: [AuditLogModule, ItemsModule, PublicationModule, ReportsModule, StationsModule, UsersModule],
  controllers: [O23PagesController, IssuedPagesController, RegistersPagesController, PublicationPageController, VerifyPageController],
  providers: [O23PageRenderer, ChainEntryLookup],
})
export class ReportsPagesModule {}
