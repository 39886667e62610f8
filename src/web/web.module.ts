import { Module } from '@nestjs/common';
import { AuditLogModule } from '../audit-log/audit-log.module.js';
import { AuditsModule } from '../audits/audits.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { DisposalsModule } from '../disposals/disposals.module.js';
import { DonationsModule } from '../donations/donations.module.js';
import { EvidenceModule } from '../evidence/evidence.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { ItemsModule } from '../items/items.module.js';
import { LabelsModule } from '../labels/labels.module.js';
import { LoansModule } from '../loans/loans.module.js';
import { LocationsModule } from '../locations/locations.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { ShiftsModule } from '../shifts/shifts.module.js';
import { StationsModule } from '../stations/stations.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuthPagesController } from './auth-pages.controller.js';
import { DashboardController } from './dashboard/dashboard.controller.js';
import { DashboardService } from './dashboard/dashboard.service.js';
import { ItemsPagesModule } from './items/items-pages.module.js';
import { LoansPagesModule } from './loans/loans-pages.module.js';
import { OperationsPagesModule } from './operations/operations-pages.module.js';
import { ReportsPagesModule } from './reports/reports-pages.module.js';

/**
 * The server-rendered pages in Thai (DESIGN §8): they call the same services as the API, in the same
 * process, as the logged-in user.
 */
@Module({
  imports: [
    AuditLogModule,
    AuditsModule,
    AuthModule,
    DisposalsModule,
    DonationsModule,
    EvidenceModule,
    IncidentsModule,
    ItemsModule,
    LabelsModule,
    LoansModule,
    LocationsModule,
    ReportsModule,
    ShiftsModule,
    StationsModule,
    UsersModule,
    ItemsPagesModule,
    LoansPagesModule,
    OperationsPagesModule,
    ReportsPagesModule,
  ],
  controllers: [AuthPagesController, DashboardController],
  providers: [DashboardService],
})
export class WebModule {}
