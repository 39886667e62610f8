import { Module } from '@nestjs/common';
import { AuditLogModule } from '../../audit-log/audit-log.module.js';
import { ReportsModule } from '../../reports/reports.module.js';
import { StationsModule } from '../../stations/stations.module.js';

/** Reports: the O23 preview, section 8, downloads and issuing; the registers; audit-log verification. */
@Module({
  imports: [AuditLogModule, ReportsModule, StationsModule],
  controllers: [],
  providers: [],
})
export class ReportsPagesModule {}
